// The Chinese messages of passphrases and office keys: part of the reference
// catalog (see ../zh-CN.ts), whose shape every other language must match.


const messages = {
  keys: {
    import: '导入密钥文件…',
    importFailed: '无法读取这个密钥文件',
    trusted: '已信任 {name} 的单位密钥。',
    confirm: {
      title: '核对指纹',
      intro: '这是审核人“{name}”的单位密钥。',
      fingerprint: '指纹',
      instruction:
        '请打电话给 {name}，请对方读出其“设置”的“单位密钥”中显示的指纹，与上面的指纹逐组核对。完全一致才点“信任”；有任何不同，请点“取消”，并与对方联系：文件可能被换过。',
      trust: '信任',
      cancel: '取消',
      failed: '未能信任这把密钥',
    },
  },
  settings: {
    passphrase: {
      title: '我的口令',
      intro: '切换到您的身份和进行审核人操作时都要输入口令。请不要告诉别人；如怀疑别人知道了，请立即更改。',
      currentRequired: '请输入当前口令。',
      save: '更改口令',
      saved: '口令已更改。',
      failed: '未能更改口令',
    },
    keys: {
      title: '单位密钥',
      intro:
        '审核人的单位密钥用来给审核结果签名，并打开经办人加密给他的审核包。在另一台电脑上工作的经办人导入审核人的密钥后，提交的审核包只有这位审核人能打开，审核人的审核结果也能确认出自本人。',
      own: '您的单位密钥',
      ownIntro:
        '把密钥文件交给在其他电脑上工作的经办人（用 U 盘或内部网络），然后打电话把下面的指纹逐组读给对方，请对方与导入时显示的指纹核对。',
      export: '导出密钥文件…',
      exported: '单位密钥已保存为 {name}',
      exportFailed: '未能导出密钥文件',
      ownMissing: '您还没有单位密钥（您是后来才成为审核人的）。在“我的口令”中更改一次口令，就会生成您的单位密钥。',
      trustedTitle: '本机信任的审核人密钥',
      name: '审核人',
      fingerprint: '指纹',
      addedBy: '添加人',
      addedAt: '添加时间',
      remove: '移除',
      removeLabel: '移除 {name} 的密钥',
      removeTitle: '移除密钥',
      removeMessage: '不再信任 {name} 的单位密钥（{fingerprint}）吗？之后不能再把审核包加密给这位审核人，也不再接受其签名的审核结果。',
      removeOk: '移除',
      removeCancel: '取消',
      removed: '已移除 {name} 的密钥。',
      removeFailed: '未能移除密钥',
      emptyTitle: '还没有信任任何审核人的密钥',
      emptyText:
        '在另一台电脑上工作的经办人：请导入审核人交给您的密钥文件（.kaifang-key），并打电话核对指纹。这样您提交的审核包会加密给审核人，审核人的审核结果也能被本机识别。',
      loadError: '无法读取单位密钥',
      retry: '重试',
      stewardOnly: '只有审核人可以导入或移除密钥。请切换为本机的审核人后再操作。',
    },
  },
}

export type KeysMessages = typeof messages
export default messages
