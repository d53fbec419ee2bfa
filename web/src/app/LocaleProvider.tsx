import { ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { I18nextProvider } from "react-i18next";
import { applyLanguage, i18n, type Language, storedLanguage, storeLanguage } from "./i18n";

interface LocaleState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LocaleContext = createContext<LocaleState>({ language: "zh-CN", setLanguage: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

/** One switch moves the three locale systems together: our strings, antd's components, and dayjs formats. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  const setLanguage = useCallback((next: Language) => {
    // dayjs and i18next are switched before React re-renders, so the new render already formats in `next`.
    applyLanguage(next);
    storeLanguage(next);
    setLanguageState(next);
  }, []);

  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);

  return (
    <LocaleContext.Provider value={value}>
      <I18nextProvider i18n={i18n}>
        <ConfigProvider
          locale={language === "zh-CN" ? zhCN : enUS}
          theme={{ token: { colorPrimary: "#1d4ed8" } }}
          form={{ validateMessages: { required: i18n.t("form.required") } }}
        >
          {children}
        </ConfigProvider>
      </I18nextProvider>
    </LocaleContext.Provider>
  );
}
