// UI words around messages the server sends as codes (server/messages renders the messages themselves).
export const serverMessagesEn = {
  'messages.validation.syntaxLabel': 'syntax',
};

export const serverMessagesZh: Record<keyof typeof serverMessagesEn, string> = {
  'messages.validation.syntaxLabel': '语法',
};
