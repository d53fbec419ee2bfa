// The customers screens' words (zh-CN first; the English dictionary must have the same keys). Error codes
// of this area go under `errors` and are merged into the app's error dictionary.
import type { Messages } from "../../app/i18n/types";

export const zh = {
  page: {
    title: "客户档案",
  },
  errors: {},
};

export const en: Messages<typeof zh> = {
  page: {
    title: "Customers",
  },
  errors: {},
};
