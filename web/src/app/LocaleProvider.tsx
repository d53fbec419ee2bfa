import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { I18nextProvider } from "react-i18next";
import { i18n, type Language, storedLanguage, storeLanguage } from "./i18n";

interface LocaleState {
  language: Language;
  setLanguage: (language: Language) => void;
}

const LocaleContext = createContext<LocaleState>({ language: "zh-CN", setLanguage: () => {} });

export function useLocale(): LocaleState {
  return useContext(LocaleContext);
}

function applyLanguage(language: Language): void {
  void i18n.changeLanguage(language);
  dayjs.locale(language === "zh-CN" ? "zh-cn" : "en");
  document.documentElement.lang = language;
}

/** One switch moves the three locale systems together: our strings, antd's components, and dayjs formats. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => {
    const initial = storedLanguage();
    applyLanguage(initial);
    return initial;
  });

  useEffect(() => {
    applyLanguage(language);
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
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
        >
          <AntApp>{children}</AntApp>
        </ConfigProvider>
      </I18nextProvider>
    </LocaleContext.Provider>
  );
}
