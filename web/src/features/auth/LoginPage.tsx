import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Flex, Form, Input, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { useLogin, useMe } from "../../api/auth";
import { ApiError } from "../../api/client";
import { FullPageSpin } from "../../app/auth";
import { useLocale } from "../../app/LocaleProvider";
import { homePathFor } from "../../app/layout/menu";
import { useErrorText } from "../../shared/errors";

interface Credentials {
  username: string;
  password: string;
}

/** Wrong password and lock-out need distinct words: one says "retype", the other says "wait". */
function useLoginErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof ApiError) {
      if (error.code === "too_many_attempts" || error.status === 429) return t("login.tooManyAttempts");
      if (error.status === 401) return t("login.invalidCredentials");
    }
    return errorText(error);
  };
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { language, setLanguage } = useLocale();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const loginErrorText = useLoginErrorText();
  const from = (location.state as { from?: string } | null)?.from;

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={from ?? homePathFor(me.data.user.role)} replace />;

  const submit = (values: Credentials) => {
    login.mutate(values, {
      onSuccess: (session) => {
        if (session) navigate(from ?? homePathFor(session.user.role), { replace: true });
      },
    });
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: "100vh", background: "#f0f2f5" }}>
      <Card style={{ width: 380 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 24 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("app.title")}
          </Typography.Title>
          <Button
            size="small"
            type="link"
            data-testid="lang-switch"
            onClick={() => setLanguage(language === "zh-CN" ? "en" : "zh-CN")}
          >
            {t("app.switchLanguage")}
          </Button>
        </Flex>
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} data-testid="login-form">
          <Form.Item
            name="username"
            label={t("login.username")}
            rules={[{ required: true, whitespace: true, message: t("login.usernameRequired") }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("login.password")}
            rules={[{ required: true, message: t("login.passwordRequired") }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          {login.isError && (
            <Alert
              type="error"
              showIcon
              title={loginErrorText(login.error)}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t("login.submit")}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
