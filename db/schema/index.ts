export * from './users';
export * from './scripts';
export * from './executions';
export * from './access';
export * from './workflows';
export * from './triggers';
export * from './templates';
export * from './stats';
