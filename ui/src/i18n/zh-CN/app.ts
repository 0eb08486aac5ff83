// The Chinese messages of the app, its shell and workspace, first run, and every error: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.

import type { ErrorCode } from '../../api'

const errors: Record<ErrorCode, string> = {
  workspace_missing:
    '找不到工作区文件 {path}。请确认文件没有被移动或删除；如不清楚文件位置，请联系管理员。',
  workspace_create_dir:
    '无法创建存放工作区的文件夹 {path}。请确认您有权限在此位置保存文件，或请管理员换一个位置。',
  workspace_not_a_database:
    '文件 {path} 不是开放的工作区。请确认打开的是正确的文件。',
  workspace_foreign:
    '文件 {path} 属于其他软件，不是开放的工作区。为避免损坏它，开放不会修改这个文件。请选择正确的工作区文件。',
  workspace_newer_schema:
    '此工作区由更新版本的开放创建（版本 {found}），当前程序最高支持版本 {supported}。请升级开放后再打开。',
  workspace_busy:
    '工作区正被其他程序占用（可能是另一个开放窗口或命令行工具正在保存）。请稍等片刻再试。',
  workspace_read_only:
    '工作区文件或它所在的文件夹是只读的，无法保存修改。请检查文件权限，或把工作区放到可以写入的位置。',
  workspace_disk_full: '工作区所在的磁盘已满，无法保存。请清理磁盘空间后再试。',
  workspace_corrupt:
    '工作区文件已损坏。请不要继续使用它：先复制一份备份，再联系技术支持恢复数据。',
  database: '读写工作区时出错。请重试；如果问题仍然存在，请联系技术支持。',
  io: '读写文件时出错。请确认文件存在并且您有权限访问，然后重试。',
  import_read: '无法读取 {path}。请确认文件存在，且没有被其他程序（如 Excel）独占打开；关闭后再试。',
  import_file_in_use: '{path} 正在被其他程序（如 Excel）打开。请先在那个程序中关闭它，再重试。',
  import_empty_file: '{path} 是空文件，没有可导入的内容。请确认选对了文件。',
  import_lock_file:
    '{path} 是 Excel 打开工作簿时生成的临时锁定文件，不是工作簿本身。请选择文件名中没有“~$”的那个文件。',
  import_not_a_table:
    '{path} 不是表格文件。开放可以读取 Excel（XLSX、XLSM、XLSB、XLS）、ODS 和 CSV/TXT 文本表格；请另存为其中一种格式后再导入。',
  import_password: '{path} 设置了密码。请在 Excel 中打开并取消密码（文件 › 信息 › 保护工作簿）后再导入。',
  import_corrupt: '{path} 已损坏或不完整。请用 Excel 或 WPS 打开并另存一份后再导入。',
  import_zip_bomb:
    '{path} 解压后将达到约 {expanded_mb} MB，出于安全原因已拒绝导入。请确认文件来源；如确实需要，请另存为 CSV 后再导入。',
  import_zip_size_mismatch:
    '{path} 内部有部件申报的大小小于实际大小，这是绕过安全检查的手法，已拒绝导入。请在 Excel 中打开并重新保存，再导入新文件。',
  import_shared_strings_too_large:
    '{path} 包含的不同文本太多，无法一次读取（最多 {limit_mb} MB 或 {limit_strings} 条）。请在 Excel 中另存为 CSV，或拆分为较小的工作簿后再导入。',
  import_too_many_cells:
    '{path} 从第一个到最后一个有内容的单元格共跨越 {cells} 个单元格；XLS 和 ODS 文件最多读取 {limit} 个。请删除远离表格的零散单元格，或另存为 XLSX 或 CSV 后再导入。',
  import_too_large:
    '{path} 有 {size_mb} MB，这种格式最多只能安全读取 {limit_mb} MB。请在 Excel 中另存为 XLSX 或 CSV 后再导入。',
  import_sheet_not_found: '工作簿中没有名为“{sheet}”的工作表。请在列表中重新选择工作表。',
  import_no_sheets: '工作簿中没有任何含数据的工作表。请确认选对了文件，或在 Excel 中取消隐藏工作表后再导入。',
  import_no_rows: '“{sheet}”只有表头，下面没有数据行。请确认表头行选得正确，或选择另一个工作表。',
  import_too_many_columns:
    '第 {row} 行超过 {limit} 列，开放最多支持 {limit} 列。请确认这是一张表格，或将它拆分成几张表后再导入。',
  import_cell_too_large:
    '第 {row} 行第 {column} 列有 {size_kb} KB 文字，单个单元格最多 {limit_kb} KB。请缩短该单元格的内容后再导入。',
  import_row_too_large:
    '第 {row} 行的文字超过 {limit_mb} MB，远超任何表格所需，文件可能已损坏或被改造过。未导入任何内容。',
  import_expands:
    '“{file}”只有 {size_kb} KB，却展开成超过 {limit_mb} MB 的文字（大量单元格引用同一段长文字），这不是正常的表格。未导入任何内容。',
  import_mixed_encoding:
    '第 {row} 行的编码与前面的行（{encoding}）不同，文件混用了多种编码。请用 WPS 或记事本另存为 UTF-8 后再导入。',
  import_ragged:
    '第 {row} 行有 {found} 个单元格，而表头有 {expected} 列。请修正该行，或在“列数不齐的行”中选择保留多余单元格。',
  import_header_row: '第 {row} 行不能作为表头：预览只到第 {available} 行。请在预览中点击表头所在行的行号。',
  import_duplicate: '此文件已经导入过，是数据集“{name}”的第 {version} 版，没有重复导入。',
  dataset_not_found: '找不到数据集“{dataset}”，它可能已被删除。请返回数据集列表重新选择。',
  version_not_found: '数据集 {dataset} 没有第 {version} 版。请在版本列表中重新选择。',
  column_not_found: '数据集 {dataset} 没有第 {column} 列。请刷新后重试。',
  import_sheets_into_one: '多个工作表不能同时作为同一数据集的新版本，请只选择一个工作表。',
  metadata_invalid: '元数据未保存：有 {count} 处需要修改，已在表单中标出。请改正后再保存。',
  policy_reason_required: '“{column}”含个人信息：如需原样公开，请填写理由（如要求公示的法规条款）。',
  policy_operator_not_applicable:
    '“{column}”不能使用“{operator}”：去除文中个人信息只适用于备注、留言等自由文本列或混有多种内容的列，泛化只适用于地址、出生日期和经纬度。请选择其他处理方式。',
  risk_k_out_of_range: '本单位的 k 值必须在 {min} 到 {max} 之间，不能是 {k}。',
  risk_reason_required:
    '最小的组只有 {k} 条记录，低于本单位规定的 k = {office_k}（{at_risk} 条记录有被单独识别的风险）：请先在“重识别风险”中采用建议的处理，或写明理由后再提交。',
  table_contributions_invalid:
    '支配规则需要知道“{column}”每一格最大的 {n} 个贡献值：请指定存放这些贡献值的列（如 最大户、次大户）。',
  table_dominance_out_of_range: '支配规则 ({n}, {k}) 不可用：n 应为 1 到 10，k 应大于 0 且不超过 100。',
  clean_column_missing: '这一步要用的列“{column}”在当前数据中不存在：请重新选择列。',
  clean_column_exists: '已有名为“{column}”的列：请给新列另起一个名字。',
  clean_step_invalid: '这一步缺少必要的设置（例如拆分后各新列的名字、合并的列）：请补全后再执行。',
  clean_nothing_to_undo: '没有可以撤销的清洗步骤。',
  clean_nothing_to_redo: '没有可以重做的清洗步骤。',
  clean_step_not_found: '清洗历史中没有第 {step} 步。',
  clean_recipe_invalid: '这个文件不是开放工作台的清洗方案，无法使用。',
  clean_recipe_unmapped: '清洗方案用到的列“{columns}”在新数据中找不到同名的列：请指出各对应哪一列。',
  convention_not_applicable:
    '“{category}”的默认规则不能这样设置：默认处理方式只能是遮盖、假名化或不公开（地址、出生日期和经纬度还可以泛化），遮盖时保留的字符数须在 0 至 12 之间。请重新选择后再保存。',
  egress_blocked:
    '未写出或上传任何内容：字段“{column}”的公开副本中仍有 {hits} 处证件号、手机号等标识（第 {rows} 行）。请到“敏感字段”页遮盖该列或在文本中涂抹。',
  user_unknown: '“{user}”不是本工作区的用户。请换一位已添加的用户，或请审核人先添加“{user}”。',
  user_required: '请先说明是谁在操作（本工作区有 {users} 个用户）。',
  user_invalid_name: '用户名须为 1 至 40 个字，且不能含有换行等控制字符。请修改后再试。',
  role_missing: '{user} 没有“{role}”角色，不能进行这一步。请换一位有该角色的用户，或请审核人为 {user} 添加该角色。',
  review_wrong_state: '数据集当前状态为“{status}”，现在不能{action}。请刷新后查看最新状态。',
  review_metadata_incomplete:
    '元数据还有 {count} 处需要补全或改正，暂时不能提交。请在“元数据”标签页中按提示修改后再提交。',
  review_personal_data_unhandled:
    '个人信息还没有处理完，暂时不能提交：可能是全部数据还没有逐行检查完，有未识别的编号等待您确认处理方式，或有含个人信息的列选择了原样公开却没有写明理由。请在“敏感字段”标签页中处理后再提交。',
  review_not_open: '该数据集的开放属性为“不予开放”，不能提交或发布。如确需开放，请先在“元数据”中修改开放属性。',
  review_self_approval: '{user} 是这次的提交人，不能审核自己提交的数据。请由另一位审核人审核。',
  review_comment_required: '退回时请写明需要修改的地方，方便经办人改正后重新提交。',
  readiness_blocked: '本单位要求以下检查通过后才能提交：{checks}。请先在「概览」的发布前检查中查看并改正（命令行：kaifang readiness 数据集）。',
  catalog_base_url_missing: '数据目录需要知道其文件夹对外发布的网址，才能给每个数据集一个长期不变的地址：请填写发布网址（https://…），下次导出会沿用。',
  catalog_base_url_invalid: '“{url}”不能作为数据目录的发布网址。请填写以 https://（或 http://）开头、不含空格、? 或 # 的网址。',
  catalog_publisher_missing: '数据目录需要发布单位：请在「设置」中填写本单位的默认提供单位，或填写已审核数据集的提供单位。',
  review_special_unconfirmed:
    '该数据集为“无条件开放”，且原样公开了敏感个人信息（{columns}）。请在通过对话框中确认，或退回让经办人处理这些字段或改为有条件开放。',
  auth_passphrase_missing:
    '{user} 还没有设置口令，暂时不能以其身份使用开放。请审核人在“设置”的“用户和角色”中为 {user} 设置口令。',
  auth_passphrase_wrong:
    '口令不对，请再输入一次，注意大小写和输入法的全角、半角。忘记口令时，请审核人在“设置”的“用户和角色”中为您重设。',
  auth_throttled: '口令输错的次数太多，请等 {seconds} 秒后再试。',
  auth_passphrase_weak: '口令太短，至少需要 {min} 个字符。请换一个更长的口令，例如一句好记的话。',
  auth_unlock_required:
    '这一步需要审核人确认身份。请输入您的口令后再试；如果当前用户不是审核人，请先在右上角切换为审核人。',
  key_file_invalid:
    '这个文件不是开放的单位密钥文件，或已损坏、被改动过（指纹与密钥不符）。没有信任任何密钥。请审核人在“设置”的“单位密钥”中重新导出一份。',
  key_unknown: '找不到指纹为 {fingerprint} 的密钥，它可能已被移除。请刷新后再试。',
  decision_unsigned:
    '对数据集“{dataset}”的审核结果没有审核人签名，所以没有导入，什么都没有改变。请审核人用新版开放重新导出审核结果。',
  decision_signature_invalid:
    '对数据集“{dataset}”的审核结果签名不符：文件是手工制作或被改动过的。没有导入，什么都没有改变。请审核人重新导出审核结果。',
  decision_key_untrusted:
    '对数据集“{dataset}”的审核结果由本机不信任的密钥签名（指纹 {fingerprint}），所以没有导入。请在“设置”的“单位密钥”中导入这位审核人的密钥文件，并打电话核对指纹，然后再导入审核结果。',
  bundle_content_mismatch:
    '审核包中数据集“{dataset}”的内容与包中声明的不一致，可能在传递途中损坏或被改动过。没有导入，什么都没有改变。请对方重新导出一份。',
  bundle_uid_collision:
    '审核包中的数据集“{dataset}”会覆盖本机或另一个工作区创建的同一编号的数据集，所以没有导入，什么都没有改变。请与对方核对这个数据集的来历。',
  bundle_no_recipient:
    '还没有可以加密给的审核人：审核包含有数据，只能加密给审核人。请先在“设置”的“单位密钥”中导入审核人的单位密钥文件，再导出审核包。',
  bundle_not_for_you:
    '审核包 {file} 是加密给另一位审核人的，当前用户打不开。请切换为收件的审核人后再导入；或请经办人先导入您的单位密钥，再重新导出给您。',
  bundle_unencrypted:
    '审核包 {file} 含有数据却没有加密，出于安全原因没有导入。请经办人导入您的单位密钥后，用新版开放重新导出。',
  bundle_corrupt: '{file} 不是可以读取的审核包，可能在拷贝时损坏或没有拷完整。请让对方重新导出一份再导入。',
  bundle_tampered:
    '审核包 {file} 中的“{member}”与包内清单不符，文件可能在传递途中被改动过。为安全起见没有导入任何内容。请让对方重新导出一份。',
  bundle_unsafe_path: '审核包 {file} 含有不应出现的文件“{member}”，出于安全原因已拒绝导入。请确认文件来源，并让对方重新导出一份。',
  bundle_too_large: '审核包 {file} 声称有 {size_mb} MB，超过允许的 {limit_mb} MB，出于安全原因已拒绝导入。请确认文件来源。',
  bundle_newer_format: '审核包 {file} 由更新版本的开放导出（格式 {version}），当前程序无法读取。请升级开放后再导入。',
  bundle_conflict:
    '数据集“{dataset}”在本机已经审核通过，但内容与审核包中的不同，所以没有导入。请与对方核对哪一份是最新的。',
  bundle_stale_decision:
    '对数据集“{dataset}”的审核结果针对的是旧的内容：提交审核后，本机又修改过它。这条审核结果没有导入，请重新提交审核。',
  bundle_empty: '没有可以打包的数据集。导出审核包前，请先勾选已提交审核的数据集；导出审核结果前，请先完成审核。',
  portal_unknown:
    '还没有可以发布到的门户，或没有选择门户。请先在“设置”的“开放数据门户”中添加门户；有多个门户时，请选择要发布到哪一个。',
  portal_invalid_url:
    '“{url}”不是有效的网址。请输入以 https:// 开头的门户地址，如 https://data.example.gov.cn。',
  portal_invalid_name:
    '请为门户取一个简短的名称（1 至 60 个字，不能含有换行等控制字符）。',
  portal_token_missing:
    '没有保存门户 {portal} 的 API 令牌。请在“设置”的“开放数据门户”中编辑该门户，重新填写令牌。',
  keyring_unavailable:
    '无法使用系统钥匙串（{reason}），令牌无法安全保存或读取。请解锁系统钥匙串后重试；如仍不行，请联系管理员。',
  portal_unreachable:
    '无法连接 {url}。请检查网络；网络恢复后会自动继续发布。',
  portal_timeout:
    '{url} 没有及时响应，稍后将自动重试。',
  portal_server_error:
    '门户自身出现问题（HTTP {status}），稍后将自动重试。如果一直失败，请联系门户管理员。',
  portal_forbidden:
    '门户拒绝了 API 令牌：令牌可能有误、已过期或已被撤销。请在“设置”的“开放数据门户”中填写新令牌。',
  portal_not_found:
    '门户上找不到所请求的内容（{message}）。请确认门户地址正确；如果数据集在门户上被删除了，请联系门户管理员。',
  portal_name_taken:
    '门户上已有其他数据集使用名称“{name}”。请修改资源代码或名称，或联系门户管理员。',
  portal_too_large:
    '门户拒绝了文件：文件超过了门户的上传上限。请联系门户管理员提高上限，或把数据集拆分后再发布。',
  portal_validation:
    '门户没有接受这个数据集：{message}。如看不懂这条说明，请联系门户管理员。',
  portal_org_unknown:
    '门户上没有组织“{org}”，或这个令牌无权向它发布。请核对组织名称，或请门户管理员授予发布权限。',
  portal_bad_response:
    '无法理解门户的响应（{reason}）。请确认填写的是门户的地址，而不是其他网站的地址。',
  portal_schema_fields:
    '门户要求填写以下字段，而这个数据集缺少：{fields}。请联系门户管理员确认这些字段应如何填写。',
  portal_insecure:
    '门户地址 {url} 不安全：令牌会以明文在网络上传送。请使用以 https:// 开头的地址。',
  publish_not_approved:
    '“{dataset}”还没有审核通过，或审核通过后又被修改过。请重新提交审核，通过后再发布。',
  cancelled: '操作已取消，没有保留任何部分结果。',
  file_not_chosen: '开放已无法访问这个文件（可能是程序重新启动过）。请重新选择文件。',
  backup_failed: '无法将备份写入 {path}（{reason}）。请检查磁盘空间和写入权限；未作任何改动。',
  restore_invalid: '无法从 {file} 恢复：{reason}。请选择由开放生成的备份；当前工作区未被改动。',
  internal: '程序内部出错。请重新启动开放后再试；如果问题仍然存在，请联系技术支持并提供下方的技术信息。',
}

const messages = {
  app: {
    name: '开放 Kaifang',
    version: '版本 {version}',
  },
  nav: {
    label: '主导航',
    overview: '概览',
    datasets: '数据集',
    review: '审核',
    publish: '发布',
    settings: '设置',
    help: '帮助',
    collapse: '收起导航栏',
    expand: '展开导航栏',
  },
  help: {
    intro: '本手册随软件安装，不联网也能查看。按 F1 随时打开。',
  },
  shell: {
    workspace: '工作区',
    noWorkspace: '未打开工作区',
    // The switch shows the language it switches to, in that language.
    otherLanguage: 'English',
    switchLanguage: '切换为英文界面',
  },
  common: {
    none: '—',
  },
  errorParams: {
    inDataset: '“{dataset}”：{text}',
    listSeparator: '、',
    roles: {
      clerk: '经办人',
      steward: '审核人',
    },
    actions: {
      submit: '提交',
      approve: '通过',
      return: '退回',
      publish: '发布',
      bundle: '打包',
      send_back: '导出审核结果',
    },
  },
  firstRun: {
    title: '欢迎使用开放',
    intro: '回答几个问题，开放就可以为本单位使用了。这里填写的内容以后都可以在“设置”中修改。',
    steps: {
      language: '语言',
      office: '单位',
      user: '使用人',
      contact: '联系方式',
      key: '单位密钥',
      portal: '门户',
    },
    stepLabel: '第 {step} 步，共 {total} 步：{name}',
    next: '下一步',
    back: '上一步',
    skip: '跳过，稍后在设置中填写',
    finish: '完成',
    language: {
      title: '界面语言',
      intro: '选择开放使用的语言，选择后立即生效，以后也可以用右上角的按钮切换。',
    },
    office: {
      title: '本单位',
      intro: '单位名称和所在地区会作为今后导入的每个数据集的“数据提供方”和“空间范围”，免去每次填写。',
      name: '单位名称',
      namePlaceholder: '如 某某县民政局',
      nameHelp: '以单位全称填写，公众在门户上会看到这个名称。',
      region: '所在地区',
    },
    user: {
      title: '谁在使用这台电脑',
      intro: '开放会记下每一步是谁做的。请填写您的姓名和角色，并设置您自己的口令：以后每次使用开放都要输入。其他同事以后可以在“设置”的“用户和角色”中添加。',
      done: '已添加用户 {name}（{roles}），现在以其身份操作。',
      skipWhy: '跳过其余步骤之前，还需要添加一位用户：开放中的每一步操作都会署名，没有署名的操作在审核和追溯时无法使用。其余信息可以稍后在“设置”中填写。',
      roleSeparator: '、',
      firstSteward: '作为这个工作区的第一位用户，您同时是审核人：可以添加同事、为同事重设口令、管理单位密钥。',
    },
    key: {
      title: '审核人的单位密钥（可选）',
      intro:
        '如果审核人在另一台电脑上工作，请导入审核人交给您的单位密钥文件（.kaifang-key）：这样提交的审核包会加密给审核人，审核人的审核结果也能被本机识别。',
      later: '还没有密钥文件可以跳过，以后在“设置”的“单位密钥”中导入。审核人和您在同一台电脑上工作时不需要。',
      skip: '跳过这一步',
      trusted: '已信任 {name} 的单位密钥，指纹：',
    },
    contact: {
      title: '联系方式',
      intro: '公众对数据有疑问时的联系方式，会自动填入今后导入的数据集。请填写科室和办公电话，不要填写个人姓名或手机号。',
      name: '联系单位',
      namePlaceholder: '如 某某县民政局办公室',
      phone: '联系电话',
      phonePlaceholder: '如 0851-12345678',
      email: '联系邮箱',
      emailPlaceholder: '单位的公共邮箱，不要填写个人邮箱',
      saveFailed: '未能保存单位信息',
    },
    portal: {
      title: '开放数据门户（可选）',
      intro: '数据集发布到的门户。还没有门户地址或 API 令牌时可以跳过，以后在“设置”中填写。',
      test: '测试连接',
      skip: '跳过，不设置门户',
      incomplete: '请填写完整门户的名称、地址、组织和 API 令牌，或者清空这些内容以跳过这一步。',
    },
    finished: '设置完成。导入第一张表格开始吧。',
    skippedSaveFailed: '单位信息未能保存：{reason} 请稍后在“设置”中填写。',
  },
  unsaved: {
    title: '有未保存的修改',
    message: '有 {count} 项修改尚未保存。要先保存吗？',
    save: '保存',
    discard: '不保存',
  },
  workspaceError: {
    title: '无法打开工作区',
    support: '技术信息（供技术支持使用）：',
  },
  errors,
}

export type AppMessages = typeof messages
export default messages
