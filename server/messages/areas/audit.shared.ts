/** Audit log summaries (`audit.*`); the row keeps the English text in `summary` beside the code. */
export const auditMessages = {
  'audit.deleted': { en: 'deleted "{name}"', zh: '删除了“{name}”' },
  'audit.changed': { en: '{fields} changed', zh: '修改了 {fields}' },
  'audit.changed_version': { en: '{fields} changed; version {version}', zh: '修改了 {fields}；版本 {version}' },
  'audit.nothing_changed': { en: 'nothing changed', zh: '没有修改' },
  'audit.nothing_changed_version': { en: 'nothing changed; version {version}', zh: '没有修改；版本 {version}' },
  'audit.script_created': { en: 'created {language} script "{name}"', zh: '创建了 {language} 脚本“{name}”' },
  'audit.workflow_created': {
    en: 'created workflow "{name}" ({nodes} nodes)',
    zh: '创建了工作流“{name}”（{nodes} 个节点）',
  },
  'audit.run_of': { en: '{trigger} run of "{name}" v{version}', zh: '{trigger}运行“{name}” v{version}' },
  'audit.cancelled_queued': { en: 'cancelled while queued', zh: '排队时被取消' },
  'audit.cancel_requested': { en: 'cancel requested while running', zh: '运行中请求取消' },
  'audit.schedule_paused': { en: 'paused "{name}"', zh: '暂停了“{name}”' },
  'audit.schedule_resumed': { en: 'resumed "{name}"', zh: '恢复了“{name}”' },
  'audit.first_admin': { en: 'first admin {email}', zh: '首个管理员 {email}' },
  'audit.builtin_installed': { en: 'built-in template {key} installed', zh: '已安装内置模板 {key}' },
  'audit.builtin_upgraded': { en: 'built-in template {key} upgraded', zh: '已升级内置模板 {key}' },
  'audit.builtin_upgraded_to': {
    en: 'built-in template {key} upgraded to v{version}',
    zh: '内置模板 {key} 已升级到 v{version}',
  },
  'audit.builtin_retired': { en: 'built-in template {key} retired', zh: '已停用内置模板 {key}' },
  'audit.changed_of': { en: 'changed {fields} of "{name}"', zh: '修改了“{name}”的 {fields}' },
  'audit.nothing_changed_of': { en: 'changed nothing of "{name}"', zh: '“{name}”没有修改' },
  'audit.schedule_created': {
    en: '"{name}" {cron} ({timezone}) → {target} {target_id}',
    zh: '定时任务“{name}” {cron}（{timezone}）→ {target} {target_id}',
  },
  'audit.schedule_tick_refused': {
    en: 'tick of {at} of "{name}" refused: {detail}',
    zh: '“{name}”在 {at} 的触发被拒绝：{detail}',
  },
  'audit.trigger_created': {
    en: '"{name}" {pattern} → {target} {target_id}',
    zh: '触发器“{name}” {pattern} → {target} {target_id}',
  },
  'audit.trigger_created_webhook': {
    en: '"{name}" {pattern} +webhook → {target} {target_id}',
    zh: '触发器“{name}” {pattern} +Webhook 回调 → {target} {target_id}',
  },
  'audit.webhook_token': {
    en: 'new webhook token {prefix}… for "{name}"',
    zh: '为“{name}”生成了新的 Webhook 令牌 {prefix}…',
  },
  'audit.user_created': { en: '{email} as {role}', zh: '{email}，角色 {role}' },
  'audit.user_updated': { en: '{email}: {changes}', zh: '修改了 {email}：{changes}' },
  'audit.password_reset': { en: 'password reset for {email}', zh: '重置了 {email} 的密码' },
  'audit.login': { en: 'signed in {email} from {from}', zh: '{email} 从 {from} 登录' },
  'audit.login_unknown': { en: 'unknown account {email} from {from}', zh: '来自 {from} 的未知账号 {email}' },
  'audit.login_unknown_wait': {
    en: 'unknown account {email} from {from}; next try from this address in {seconds} s',
    zh: '来自 {from} 的未知账号 {email}；该地址 {seconds} 秒后才能再试',
  },
  'audit.login_wrong_password': {
    en: 'wrong password for {email} from {from} ({count} in a row)',
    zh: '{email} 从 {from} 输入了错误的密码（连续 {count} 次）',
  },
  'audit.login_wrong_password_wait': {
    en: 'wrong password for {email} from {from} ({count} in a row; next try from this address in {seconds} s)',
    zh: '{email} 从 {from} 输入了错误的密码（连续 {count} 次；该地址 {seconds} 秒后才能再试）',
  },
  'audit.login_disabled': { en: 'disabled account {email} from {from}', zh: '来自 {from} 的已停用账号 {email}' },
  'audit.login_throttled': {
    en: 'sign-in for {email} from {from} throttled: try again in {seconds} s (attempts during this wait are refused unchecked and not recorded again)',
    zh: '{email} 从 {from} 的登录被限速：{seconds} 秒后再试（等待期间的尝试会被直接拒绝且不再记录）',
  },
  'audit.unknown_address': { en: 'an unknown address', zh: '未知地址' },
  'audit.apikey_created': { en: 'key "{name}" ({role}, {prefix})', zh: '密钥“{name}”（{role}，{prefix}）' },
  'audit.apikey_revoked': { en: 'revoked "{name}" ({prefix})', zh: '吊销了“{name}”（{prefix}）' },
  'audit.template_created': {
    en: 'created {visibility} {language} template "{name}"',
    zh: '创建了{visibility}的 {language} 模板“{name}”',
  },
  'audit.script_from_template': {
    en: 'script "{name}" ({id}) from v{version}',
    zh: '由 v{version} 创建了脚本“{name}”（{id}）',
  },
  'audit.event_published': {
    en: '{type}: {matched} trigger(s) matched, {runs} run(s)',
    zh: '{type}：匹配 {matched} 个触发器，启动 {runs} 次运行',
  },
  'audit.workflow_cancelled': { en: 'cancelled with {count} unfinished nodes', zh: '已取消，{count} 个节点未完成' },
  'audit.secret_set': { en: 'secret {name} set', zh: '设置了密钥 {name}' },
  'audit.secret_set_scope': { en: 'secret {name} set; scope {scope}', zh: '设置了密钥 {name}；范围 {scope}' },
  'audit.secret_scope': { en: 'scope of secret {name}: {scope}', zh: '密钥 {name} 的范围：{scope}' },
  'audit.secret_deleted': { en: 'secret {name} deleted', zh: '删除了密钥 {name}' },
  'audit.secret_refused': {
    en: '{context}: secret {name} refused for {user} ({actor}): {detail}',
    zh: '{context}：拒绝 {user}（{actor}）使用密钥 {name}：{detail}',
  },
  'audit.host_resource_created': {
    en: 'host resource {name}: {kind} {path} ({mode}); grantable by {grantors}',
    zh: '主机资源 {name}：{kind} {path}（{mode}）；可授权者 {grantors}',
  },
  'audit.host_resource_updated': { en: '{name}: {changes}', zh: '修改了主机资源 {name}：{changes}' },
  'audit.host_resource_deleted': { en: 'host resource {name} ({path}) deleted', zh: '删除了主机资源 {name}（{path}）' },
  'audit.host_resource_granted': {
    en: 'granted host resource {resource} for version {version}',
    zh: '为版本 {version} 授予了主机资源 {resource}',
  },
  'audit.host_resource_granted_again': {
    en: 'granted host resource {resource} again for version {version}',
    zh: '为版本 {version} 重新授予了主机资源 {resource}',
  },
  'audit.host_resource_removed': { en: 'removed host resource {resource}', zh: '移除了主机资源 {resource}' },
  'audit.host_resource_suspended': {
    en: 'host resource {resource} suspended: {detail}',
    zh: '主机资源 {resource} 已暂停：{detail}',
  },
  'audit.host_resource_awaits_grant': {
    en: 'active → draft: host resource {names} awaits a grant',
    zh: '已启用 → 草稿：主机资源 {names} 等待授权',
  },
  'audit.host_resources_bound': {
    en: 'attempt {attempt} of script {script_id} binds {resources}',
    zh: '脚本 {script_id} 的第 {attempt} 次尝试绑定了 {resources}',
  },
  'audit.sign_in_unlocked': {
    en: 'sign-in unlocked and reset for {target} ({waits} wait(s) cleared, {accounts} account(s) reset) by {reason}',
    zh: '{reason} 解除并重置了 {target} 的登录限制（清除 {waits} 个等待，重置 {accounts} 个账号）',
  },
  'audit.every_account': { en: 'every account and address', zh: '所有账号和地址' },
} as const;
