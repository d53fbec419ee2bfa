import { Button, Result } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useRouteError } from "react-router";
import { useErrorText } from "../shared/errors";

export function ComingSoonPage() {
  const { t } = useTranslation();
  return <Result status="info" title={t("app.comingSoon")} subTitle={t("app.comingSoonDetail")} />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t("app.notFound")}
      extra={
        <Link to="/">
          <Button type="primary">{t("app.backHome")}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t("app.forbidden")}
      extra={
        <Link to="/">
          <Button type="primary">{t("app.backHome")}</Button>
        </Link>
      }
    />
  );
}

/** Last resort for a render error or a failed chunk load (e.g. a new deploy replaced the old files). */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const error = useRouteError();
  return (
    <Result
      status="error"
      title={t("app.crashed")}
      subTitle={errorText(error)}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t("app.reload")}
        </Button>
      }
    />
  );
}
