/** Why an execution (or one attempt of it) ended as it did; stored with the run (`error_code`, `error_params`). */
export const executionMessages = {
  'execution.exit_code': { en: 'exited with code {exit}', zh: '进程以退出码 {exit} 结束' },
  'execution.result_ignored': { en: 'result file ignored: {detail}', zh: '已忽略结果文件：{detail}' },
  'execution.timed_out': {
    en: 'timed out after {seconds} s; the process group was killed',
    zh: '运行 {seconds} 秒后超时；进程组已被终止',
  },
  'execution.cancelled_running': { en: 'cancelled while running', zh: '运行中被取消' },
  'execution.cancelled_queued': { en: 'cancelled before it started', zh: '开始前已被取消' },
  'execution.memory_limit': {
    en: 'memory limit: the run used all the memory it may use and was killed',
    zh: '内存超限：运行用尽了允许的全部内存，已被终止',
  },
  'execution.memory_limit_peak': {
    en: 'memory limit: the run used all the memory it may use and was killed; peak {peak_mb} MB',
    zh: '内存超限：运行用尽了允许的全部内存，已被终止；峰值 {peak_mb} MB',
  },
  'execution.killed': { en: 'killed by {signal}', zh: '被信号 {signal} 终止' },
  'execution.killed_unknown': { en: 'killed by a signal', zh: '被信号终止' },
  'execution.killed_cpu': {
    en: 'killed by {signal} (CPU time limit reached)',
    zh: '被信号 {signal} 终止（达到 CPU 时间上限）',
  },
  'execution.killed_file_size': {
    en: 'killed by {signal} (file size limit reached)',
    zh: '被信号 {signal} 终止（达到文件大小上限）',
  },
  'execution.killed_kill': {
    en: 'killed by {signal} (the CPU time limit, or a process outside the run)',
    zh: '被信号 {signal} 终止（达到 CPU 时间上限，或被运行之外的进程终止）',
  },
  'execution.killed_crash': {
    en: 'killed by {signal} (crashed; possibly out of memory)',
    zh: '被信号 {signal} 终止（崩溃；可能内存不足）',
  },
  'execution.version_not_found': { en: 'script version {version} not found', zh: '找不到脚本版本 {version}' },
  'execution.host_resource_unbindable': {
    en: 'host resource {name} cannot be bound on this worker: {detail}',
    zh: '无法在此执行器上绑定主机资源 {name}：{detail}',
  },
  'execution.host_resource_not_granted': {
    en: 'host resource {name} is not granted to this script: {detail}',
    zh: '主机资源 {name} 未授权给此脚本：{detail}',
  },
  'execution.host_resource_suspended': {
    en: 'host resource {name} is not granted to this script: its grant is suspended',
    zh: '主机资源 {name} 未授权给此脚本：授权已暂停',
  },
  'execution.host_resource_refused': {
    en: 'host resource {name} ({path}) is refused: {detail}',
    zh: '主机资源 {name}（{path}）被拒绝：{detail}',
  },
  'execution.sandbox_failed': { en: 'internal error: sandbox failed to start', zh: '内部错误：沙箱启动失败' },
  'execution.internal': { en: 'internal error: {detail}', zh: '内部错误：{detail}' },
  'execution.unknown_worker': { en: 'unknown worker', zh: '未知执行器' },
  'execution.worker_lost_rerun': {
    en: 'worker lost: {worker} stopped during attempt {attempt}; run again on a live worker',
    zh: '执行器丢失：{worker} 在第 {attempt} 次尝试中停止；已在存活的执行器上重新运行',
  },
  'execution.worker_lost_opted_out': {
    en: 'worker lost: {worker} stopped during attempt {attempt}; not run again (retry_on_worker_loss is off)',
    zh: '执行器丢失：{worker} 在第 {attempt} 次尝试中停止；未重新运行（retry_on_worker_loss 已关闭）',
  },
  'execution.worker_lost_exhausted_one': {
    en: 'worker lost: {worker} stopped during attempt {attempt}; not run again (1 re-run after lost workers already)',
    zh: '执行器丢失：{worker} 在第 {attempt} 次尝试中停止；未重新运行（已因执行器丢失重新运行 1 次）',
  },
  'execution.worker_lost_exhausted': {
    en: 'worker lost: {worker} stopped during attempt {attempt}; not run again ({reruns} re-runs after lost workers already)',
    zh: '执行器丢失：{worker} 在第 {attempt} 次尝试中停止；未重新运行（已因执行器丢失重新运行 {reruns} 次）',
  },
} as const;
