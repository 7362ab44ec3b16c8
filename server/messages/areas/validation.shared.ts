/** Dangerous-command rules (one code per rule id, `validation.<rule id>`) and syntax check results. */
export const validationMessages = {
  'validation.bash.rm-rf-root': {
    en: 'Recursive delete of the filesystem root, the home directory or a top-level system directory would wipe the host.',
    zh: '递归删除文件系统根目录、主目录或顶层系统目录会清空整台主机。',
  },
  'validation.bash.find-root-delete': {
    en: 'find starting at / (or ~) that deletes what it finds can remove files across the whole host.',
    zh: '从 /（或 ~）开始并删除所找到文件的 find 命令可能删除整台主机上的文件。',
  },
  'validation.bash.chmod-recursive-root': {
    en: 'Recursive chmod on / or a system directory breaks permissions of every file (sudo, ssh and system services stop working).',
    zh: '对 / 或系统目录递归执行 chmod 会破坏所有文件的权限（sudo、ssh 和系统服务将无法工作）。',
  },
  'validation.bash.chown-recursive-root': {
    en: 'Recursive chown on / or a system directory hands every system file to another owner and breaks the host.',
    zh: '对 / 或系统目录递归执行 chown 会把所有系统文件交给其他属主，导致主机损坏。',
  },
  'validation.bash.write-auth-file': {
    en: 'Writing to /etc/passwd, /etc/shadow, /etc/group or sudoers changes who can log in or become root on the host.',
    zh: '写入 /etc/passwd、/etc/shadow、/etc/group 或 sudoers 会改变谁能登录主机或获得 root 权限。',
  },
  'validation.bash.mkfs': {
    en: 'mkfs formats a filesystem and erases everything stored on the target device.',
    zh: 'mkfs 会格式化文件系统，并清除目标设备上的全部数据。',
  },
  'validation.bash.dd-block-device': {
    en: 'dd writing to a disk device overwrites the disk (partition table, filesystems) below any safety check.',
    zh: 'dd 写入磁盘设备会绕过所有安全检查直接覆盖磁盘（分区表、文件系统）。',
  },
  'validation.bash.write-block-device': {
    en: 'Writing or wiping a raw disk device (/dev/sd*, /dev/nvme*, …) destroys the data on that disk.',
    zh: '写入或擦除原始磁盘设备（/dev/sd*、/dev/nvme* 等）会销毁该磁盘上的数据。',
  },
  'validation.bash.fork-bomb': {
    en: 'Fork bomb: a function that pipes into itself in the background exhausts process slots and freezes the host.',
    zh: 'Fork 炸弹：在后台通过管道调用自身的函数会耗尽进程数并使主机卡死。',
  },
  'validation.bash.shutdown-reboot': {
    en: 'Shutting down or rebooting the machine stops the worker and every other job running on the host.',
    zh: '关机或重启会停止执行器以及主机上正在运行的所有其他任务。',
  },
  'validation.bash.kill-all': {
    en: '`kill -1` / killall5 signals every process the user can reach, including the worker running this job.',
    zh: '`kill -1` / killall5 会向该用户能触及的所有进程发送信号，包括正在运行此任务的执行器。',
  },
  'validation.bash.firewall-flush': {
    en: 'Flushing or disabling the firewall removes network protection from the host.',
    zh: '清空或禁用防火墙会使主机失去网络防护。',
  },
  'validation.bash.crontab-remove': {
    en: '`crontab -r` deletes every scheduled job of the user without confirmation.',
    zh: '`crontab -r` 会不经确认删除该用户的所有定时任务。',
  },
  'validation.bash.clear-history': {
    en: 'Clearing or disabling shell history hides what was run and is a common step of covering tracks.',
    zh: '清除或禁用 Shell 历史会隐藏执行过的命令，这是掩盖痕迹的常见手段。',
  },
  'validation.bash.curl-pipe-shell': {
    en: 'Piping a download straight into a shell or interpreter runs unreviewed remote code on the host.',
    zh: '将下载内容直接通过管道交给 Shell 或解释器，会在主机上运行未经审查的远程代码。',
  },
  'validation.bash.curl-process-substitution': {
    en: 'Running a download through process substitution (bash <(curl …)) executes unreviewed remote code.',
    zh: '通过进程替换运行下载内容（bash <(curl …)）会执行未经审查的远程代码。',
  },
  'validation.bash.curl-command-substitution': {
    en: 'Executing the output of a download (sh -c "$(curl …)", eval "$(wget …)") runs unreviewed remote code.',
    zh: '执行下载内容的输出（sh -c "$(curl …)"、eval "$(wget …)"）会运行未经审查的远程代码。',
  },
  'validation.any.sysrq-trigger': {
    en: 'Writing to /proc/sysrq-trigger can crash, reboot or power off the kernel immediately.',
    zh: '写入 /proc/sysrq-trigger 可能立即使内核崩溃、重启或关机。',
  },
  'validation.python.os-system': {
    en: 'os.system/os.popen run a string through the shell; prefer subprocess with an argument list. The command itself is checked too.',
    zh: 'os.system/os.popen 会通过 Shell 运行字符串；建议使用带参数列表的 subprocess。命令本身也会被检查。',
  },
  'validation.python.subprocess-shell': {
    en: 'Running a command through the shell (shell=True) allows injection through interpolated values; prefer an argument list.',
    zh: '通过 Shell 运行命令（shell=True）可能因插入的值而被注入；建议使用参数列表。',
  },
  'validation.python.exec-remote-code': {
    en: 'exec/eval of downloaded content runs unreviewed remote code on the host.',
    zh: '对下载内容执行 exec/eval 会在主机上运行未经审查的远程代码。',
  },
  'validation.python.eval-exec': {
    en: 'eval/exec run arbitrary code built at runtime; make sure the input is fully trusted.',
    zh: 'eval/exec 会运行运行时构造的任意代码；请确保输入完全可信。',
  },
  'validation.python.rmtree-root': {
    en: 'shutil.rmtree on /, the home directory or a system directory would wipe the host.',
    zh: '对 /、主目录或系统目录执行 shutil.rmtree 会清空整台主机。',
  },
  'validation.python.write-auth-file': {
    en: 'Writing to /etc/passwd, /etc/shadow, /etc/group or sudoers changes who can log in or become root on the host.',
    zh: '写入 /etc/passwd、/etc/shadow、/etc/group 或 sudoers 会改变谁能登录主机或获得 root 权限。',
  },
  'validation.python.write-block-device': {
    en: 'Opening a raw disk device for writing destroys the data on that disk.',
    zh: '以写入方式打开原始磁盘设备会销毁该磁盘上的数据。',
  },
  'validation.python.kill-all': {
    en: 'os.kill(-1, …) signals every process the user can reach, including the worker running this job.',
    zh: 'os.kill(-1, …) 会向该用户能触及的所有进程发送信号，包括正在运行此任务的执行器。',
  },
  'validation.python.fork-bomb': {
    en: 'Forking in an endless loop exhausts process slots and freezes the host.',
    zh: '在无限循环中 fork 会耗尽进程数并使主机卡死。',
  },
  // A bash rule found in a command that a Python call runs; `rule_code` is that rule's code.
  'validation.via_call': {
    en: 'Command run via {call}(): {rule_code}',
    zh: '通过 {call}() 运行的命令：{rule_code}',
  },
  // The interpreter's own text stays as the detail: it names the token and is what a search finds.
  'syntax.error': { en: '{detail}', zh: '语法错误：{detail}' },
  'syntax.python_error': { en: '{kind}: {detail}', zh: '{kind}（语法错误）：{detail}' },
  'syntax.timeout': { en: 'Syntax validation timed out after {ms} ms', zh: '语法检查在 {ms} 毫秒后超时' },
} as const;
