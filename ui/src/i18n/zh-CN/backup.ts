// The Chinese messages of backups: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.


const messages = {
  settings: {
    backup: {
      title: '备份与恢复',
      intro: '开放每天、升级之前和导入审核包之前都会自动备份工作区，保留最近 10 份，保存在工作区旁边的 backups 文件夹：',
      folderUnknown: '工作区旁边的 backups 文件夹',
      now: '立即备份',
      created: '已备份：{name}',
      fromFile: '从其他文件恢复…',
      time: '时间',
      reason: '原因',
      size: '大小',
      restore: '恢复',
      restoreLabel: '从 {time} 的备份恢复',
      empty: '还没有备份。点击“立即备份”备份一次。',
      loadError: '无法读取备份列表',
      retry: '重试',
      failed: '未能备份',
      reasons: {
        manual: '手动备份',
        daily: '每日自动备份',
        beforeMigration: '升级前自动备份',
        beforeBundle: '导入审核包前自动备份',
        beforeRestore: '恢复前自动备份',
      },
      preview: {
        title: '恢复备份',
        loading: '正在检查备份文件…',
        failed: '无法读取这个备份',
        file: '备份文件：{file}',
        datasets: '数据集：{count} 个',
        datasetsNamed: '数据集：{count} 个（{names}）',
        more: '等 {count} 个',
        users: '用户：{count} 位',
        lastChange: '最后修改：{time}',
        noChange: '最后修改：没有记录',
        auditBroken:
          '这个备份的审计日志校验不通过：其中的操作记录可能被改动过或已损坏，恢复后无法确认谁做过什么。如无必要，请选择另一份备份。',
        otherWorkspace: '这个备份来自另一个工作区。恢复后，当前工作区的内容将被它替换。',
        replaces: '恢复会用备份的内容替换当前工作区的全部内容。恢复之前，开放会先把当前内容另存为一份备份，需要时可以再恢复回来。',
        cancel: '取消',
        next: '恢复这个备份…',
      },
      confirm: {
        title: '确认恢复',
        message: '现在用“{file}”替换当前工作区的内容吗？当前内容会先备份，恢复完成后会告诉您那份备份的名称。',
        ok: '恢复',
        cancel: '取消',
      },
      restored: '已从 {file} 恢复。原来的内容保存在备份 {previous} 中。正在重新载入…',
      restoreFailed: '未能恢复',
    },
  },
}

export type BackupMessages = typeof messages
export default messages
