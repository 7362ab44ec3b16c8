/** Workflow graph validation issues (`workflow.*`) and the expression problems they quote (`workflow.expr.*`). */
export const workflowMessages = {
  'workflow.no_start': {
    en: 'the workflow needs exactly one start node; it has none',
    zh: '工作流需要且仅需要一个开始节点；当前没有',
  },
  'workflow.multiple_starts': {
    en: 'only one start node is allowed; "{first}" is already the start',
    zh: '只允许一个开始节点；“{first}”已是开始节点',
  },
  'workflow.no_end': { en: 'the workflow needs at least one end node', zh: '工作流至少需要一个结束节点' },
  'workflow.dangling_edge': {
    en: 'edge {edge} connects to node "{node}", which does not exist',
    zh: '连线 {edge} 连接到不存在的节点“{node}”',
  },
  'workflow.dangling_edge_both': {
    en: 'edge {edge} connects to node "{source}" and "{target}", which does not exist',
    zh: '连线 {edge} 连接的节点“{source}”和“{target}”都不存在',
  },
  'workflow.self_loop': {
    en: 'edge {edge} connects node "{node}" to itself',
    zh: '连线 {edge} 将节点“{node}”连接到其自身',
  },
  'workflow.cycle': {
    en: 'the graph has a cycle: {path}; workflows must be acyclic',
    zh: '图中存在环路：{path}；工作流不能有环',
  },
  'workflow.unreachable_no_incoming': {
    en: 'node "{node}" has no incoming edge and is never reached from start',
    zh: '节点“{node}”没有输入连线，从开始节点永远无法到达',
  },
  'workflow.unreachable': { en: 'node "{node}" cannot be reached from start', zh: '从开始节点无法到达节点“{node}”' },
  'workflow.start_has_incoming': { en: 'the start node cannot have incoming edges', zh: '开始节点不能有输入连线' },
  'workflow.end_has_outgoing': { en: 'an end node cannot have outgoing edges', zh: '结束节点不能有输出连线' },
  'workflow.dead_end': {
    en: 'node "{node}" has no outgoing edge; connect it to the next node or to an end node',
    zh: '节点“{node}”没有输出连线；请将其连接到下一个节点或结束节点',
  },
  'workflow.join_inputs': {
    en: 'join "{node}" needs at least 2 incoming edges; it has {count}',
    zh: '汇合节点“{node}”至少需要 2 条输入连线；当前有 {count} 条',
  },
  'workflow.error_edge_missing': {
    en: 'node "{node}" follows an error edge when it fails, but has no outgoing edge labelled "error"',
    zh: '节点“{node}”失败时应走错误连线，但没有标记为“error”的输出连线',
  },
  'workflow.error_label_without_policy': {
    en: 'edge {edge} is labelled "error" but node "{node}" has error policy "{policy}"; set it to "error_edge"',
    zh: '连线 {edge} 标记为“error”，但节点“{node}”的错误策略是“{policy}”；请改为“error_edge”',
  },
  'workflow.condition_branches': {
    en: 'condition "{node}" needs exactly two outgoing edges, one labelled "true" and one labelled "false" (has {true_count} true, {false_count} false, {unlabelled} unlabelled)',
    zh: '条件节点“{node}”需要恰好两条输出连线，一条标记为“true”，一条标记为“false”（当前 true {true_count} 条、false {false_count} 条、未标记 {unlabelled} 条）',
  },
  'workflow.branch_label_not_condition': {
    en: 'edge {edge} is labelled "{label}" but only a condition node\'s edges may be',
    zh: '连线 {edge} 标记为“{label}”，但只有条件节点的连线可以这样标记',
  },
  'workflow.bad_regex': {
    en: 'condition: "{pattern}" is not a valid regular expression: {detail}',
    zh: '条件：“{pattern}”不是有效的正则表达式：{detail}',
  },
  'workflow.what.parameter': { en: 'parameter "{param}"', zh: '参数“{param}”' },
  'workflow.what.condition': { en: 'condition', zh: '条件' },
  'workflow.bad_expression': {
    en: '{what_code} of node "{node}": expression {expr_code}',
    zh: '节点“{node}”的{what_code}：表达式{expr_code}',
  },
  'workflow.reads_missing_node': {
    en: '{what_code} of node "{node}" reads node "{ref}", which does not exist',
    zh: '节点“{node}”的{what_code}读取了不存在的节点“{ref}”',
  },
  'workflow.reads_not_upstream': {
    en: '{what_code} of node "{node}" reads node "{ref}", which does not run before it (only upstream nodes may be read)',
    zh: '节点“{node}”的{what_code}读取了节点“{ref}”，但该节点不在它之前运行（只能读取上游节点）',
  },
  'workflow.script_missing': { en: 'script node "{node}" has no script selected', zh: '脚本节点“{node}”未选择脚本' },
  'workflow.script_not_found': {
    en: 'script node "{node}" uses script {script_id}, which does not exist (deleted?)',
    zh: '脚本节点“{node}”使用的脚本 {script_id} 不存在（已删除？）',
  },
  'workflow.script_not_active': {
    en: 'script node "{node}" uses "{script}", which is {status_code}; only active scripts run in workflows',
    zh: '脚本节点“{node}”使用的“{script}”处于{status_code}状态；工作流中只能运行已启用的脚本',
  },
  'workflow.script_version_not_found': {
    en: 'script node "{node}" pins version {version} of "{script}", which does not exist',
    zh: '脚本节点“{node}”固定使用“{script}”的版本 {version}，但该版本不存在',
  },
  'workflow.missing_parameter': {
    en: 'script node "{node}": required parameter "{param}" of "{script}" is not mapped',
    zh: '脚本节点“{node}”：“{script}”的必填参数“{param}”未映射',
  },
  'workflow.unknown_parameter': {
    en: 'script node "{node}": "{script}" has no parameter "{param}"',
    zh: '脚本节点“{node}”：“{script}”没有参数“{param}”',
  },
  'workflow.run_node_failed': { en: 'node "{node}" failed: {cause_code}', zh: '节点“{node}”失败：{cause_code}' },
  'workflow.node_execution_ended': { en: 'execution {status_code}', zh: '执行{status_code}' },
  'workflow.node_execution_failed': {
    en: 'execution {status_code}: {reason_code}',
    zh: '执行{status_code}：{reason_code}',
  },
  'workflow.expr.empty': { en: 'is empty', zh: '为空' },
  'workflow.expr.parse': { en: 'does not parse: {detail}', zh: '无法解析：{detail}' },
  'workflow.expr.unknown_variable': {
    en: 'unknown variable "{name}" (use input.<name> or nodes.<key>.output)',
    zh: '未知变量“{name}”（请使用 input.<name> 或 nodes.<key>.output）',
  },
  'workflow.expr.computed_key': {
    en: 'reads nodes[...] with a computed key; write nodes.<key> so the dependency is known',
    zh: '用计算出的键读取 nodes[...]；请写成 nodes.<key>，以便确定依赖关系',
  },
  'workflow.expr.unknown_function': {
    en: 'unknown function "{name}" (available transforms: {available})',
    zh: '未知函数“{name}”（可用的转换：{available}）',
  },
  'workflow.expr.unknown_transform': {
    en: 'unknown transform "{name}" (available transforms: {available})',
    zh: '未知转换“{name}”（可用的转换：{available}）',
  },
  'workflow.expr.unsafe': { en: '{detail}', zh: '不安全：{detail}' },
} as const;
