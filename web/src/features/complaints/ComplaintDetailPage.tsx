import { Typography } from "antd";
import { useTranslation } from "react-i18next";

export default function Page() {
  const { t } = useTranslation();
  return <Typography.Title level={4}>{t("complaints.title")}</Typography.Title>;
}
