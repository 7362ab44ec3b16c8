/**
 * The Chinese texts of the built-in templates (the English ones are in each template's file) and
 * the names of their categories in both languages. Client-safe: the gallery reads the category
 * names; the template DTO answers the texts as `translations` (template-dto.ts).
 */
export interface BuiltinTexts {
  name: string;
  description: string;
  parameters: Record<string, { label: string; description: string }>;
}

export const BUILTIN_CATEGORY_NAMES: Record<string, { en: string; zh: string }> = {
  maintenance: { en: 'maintenance', zh: '运维' },
  monitoring: { en: 'monitoring', zh: '监控' },
  data: { en: 'data', zh: '数据' },
  integration: { en: 'integration', zh: '集成' },
  notification: { en: 'notification', zh: '通知' },
};

export const BUILTIN_TEXTS_ZH: Record<string, BuiltinTexts> = {
  'cleanup-old-recordings': {
    name: '清理旧录像',
    description: '删除目录中早于 N 天的录像（find -mtime）。默认为演练模式：只列出将要删除的文件。',
    parameters: {
      directory: {
        label: '录像目录',
        description: '要清理的目录（递归查找）。根目录会被拒绝。主机目录必须作为可读写的主机资源授权给脚本。',
      },
      days: { label: '早于（天）', description: '删除最后修改时间早于此天数（整天）的文件。' },
      pattern: { label: '文件名模式', description: '只处理文件名匹配此 Shell 模式的文件，例如 *.mp4。' },
      dry_run: { label: '演练模式', description: '只列出将要删除的文件。' },
    },
  },
  'disk-usage-alert': {
    name: '磁盘使用率告警',
    description: '报告给定路径所在文件系统的使用率（df），任一文件系统达到或超过阈值时运行失败。',
    parameters: {
      paths: { label: '路径', description: '要检查其文件系统的路径，用空格或逗号分隔。' },
      threshold_percent: { label: '告警阈值（%）', description: '文件系统使用率达到此值时告警。' },
    },
  },
  'http-health-check': {
    name: '摄像头与视频流 URL 的 HTTP 健康检查',
    description:
      '检查一组摄像头/视频流 URL：HTTP(S) URL 的响应码必须低于 400，RTSP/RTMP/TCP URL 必须能建立 TCP 连接。结果列出每个 URL 的状态、耗时和错误。',
    parameters: {
      urls: {
        label: 'URL 列表',
        description: '摄像头或视频流 URL，用空格、逗号或换行分隔（http、https、rtsp、rtsps、rtmp、tcp）。',
      },
      timeout_seconds: { label: '每个 URL 的超时（秒）', description: '等待每个 URL 的时长。' },
      fail_on_error: {
        label: '有 URL 不健康时失败',
        description: '任一 URL 不健康时以退出码 1 结束，以便告警和工作流做出响应。',
      },
    },
  },
  'json-aggregate': {
    name: '聚合 JSON 记录',
    description:
      '从运行输入（$VSS_INPUT_FILE）读取记录，按某个字段分组，并把数值字段的计数、总和、最小值、最大值和平均值写入结果（$VSS_RESULT_FILE）。',
    parameters: {
      records_key: { label: '记录所在键', description: '保存记录列表的输入参数。' },
      group_by: { label: '分组字段', description: '按此字段对记录分组。' },
      value_field: { label: '数值字段', description: '要求和与求平均的数值字段。' },
    },
  },
  'ping-hosts': {
    name: 'Ping 一组主机',
    description:
      '对每台主机发送一次 ICMP 回显（ping -c1 -W1）。需要执行器主机上有 ping 程序和 ICMP 权限；也可以改为测试某个端口的 TCP 连接。',
    parameters: {
      hosts: { label: '主机', description: '主机名或 IP 地址，用空格或逗号分隔。' },
      fallback_tcp_port: {
        label: '备用 TCP 端口',
        description: '可选：当 ping 不存在或不被允许时，改为测试此端口的 TCP 连接。',
      },
    },
  },
  'postgres-query-to-csv': {
    name: 'PostgreSQL 查询导出为 CSV',
    description:
      '用 psql 运行查询，把结果行以 CSV 写入运行的工作目录（并打印前几行）。需要执行器主机上有 psql 客户端；没有时运行失败并说明原因。',
    parameters: {
      connection: {
        label: '连接字符串密钥',
        description: '保存 libpq 连接字符串的密钥，例如 postgresql://user:password@host:5432/database。',
      },
      query: { label: '查询', description: '要运行的 SQL（一条语句）。' },
      output_file: { label: '输出文件', description: '运行工作目录中的 CSV 文件名。' },
      timeout_seconds: { label: '超时（秒）', description: '连接和查询的时间上限。' },
    },
  },
  'rest-api-json-check': {
    name: '调用 REST API 并检查 JSON',
    description:
      '调用一个 REST 接口，要求返回 2xx 的 JSON 应答，并检查其中的某个值（点分路径），可选地与期望值比较。可从密钥读取 Bearer 令牌。',
    parameters: {
      url: { label: 'URL 地址', description: '要调用的接口。' },
      method: { label: '请求方法', description: 'HTTP 方法。' },
      body_json: { label: 'JSON 请求体', description: '可选的请求体（JSON）。' },
      json_path: {
        label: '要检查的值',
        description: '应答中的点分路径，例如 data.items.0.status；为空时检查整个应答。',
      },
      expected_value: {
        label: '期望值',
        description: '可选：该路径必须具有的值（JSON，如 true、3 或 "ok"，或纯文本）。',
      },
      auth_token: {
        label: 'Bearer 令牌密钥',
        description: '可选：保存 Bearer 令牌的密钥（以 Authorization: Bearer ... 发送）。',
      },
      timeout_seconds: { label: '超时（秒）', description: '等待应答的时长。' },
    },
  },
  'rotate-compress-logs': {
    name: '轮转并压缩日志文件',
    description: '把每个匹配的日志文件压缩为 NAME.<时间戳>.gz（gzip），原地清空该文件，并只保留最新的 N 个归档。',
    parameters: {
      directory: {
        label: '日志目录',
        description: '存放日志文件的目录（不递归查找）。主机目录必须作为可读写的主机资源授权给脚本。',
      },
      pattern: { label: '文件名模式', description: '要轮转的文件（Shell 模式）。' },
      keep: { label: '保留的归档数', description: '每个日志保留多少个压缩归档。' },
      min_size_kb: { label: '最小大小（KiB）', description: '跳过小于此大小的文件。' },
    },
  },
  'webhook-notify': {
    name: '向 Webhook 发送通知',
    description:
      '向 Webhook URL 以 POST 发送 JSON 通知（标题、消息、级别、执行 ID）；运行输入可以覆盖标题、消息和级别。可从密钥读取 Bearer 令牌。',
    parameters: {
      webhook_url: { label: 'Webhook 地址', description: '接收通知 POST 请求的地址。' },
      title: { label: '标题', description: '通知标题。' },
      message: { label: '消息', description: '通知正文。' },
      severity: { label: '级别', description: '通知级别。' },
      auth_token: { label: 'Bearer 令牌密钥', description: '可选：保存 Webhook 所用 Bearer 令牌的密钥。' },
      timeout_seconds: { label: '超时（秒）', description: '等待 Webhook 的时长。' },
    },
  },
};
