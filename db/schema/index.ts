export * from './users';
export * from './scripts';
export * from './executions';
export * from './access';
