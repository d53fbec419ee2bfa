import { App, Form, Input, Modal } from "antd";
import { useTranslation } from "react-i18next";
import type { User } from "../../api/types";
import { useUpdateUser } from "../../api/users";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";
import { MIN_PASSWORD_LENGTH } from "./UserCreateModal";

export function ResetPasswordModal({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const update = useUpdateUser();

  const submit = ({ password }: { password: string }) => {
    if (!user) return;
    update.mutate(
      { id: user.id, patch: { password } },
      {
        onSuccess: () => {
          message.success(t("users.passwordReset", { name: user.displayName }));
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      open={user !== undefined}
      title={t("users.resetTitle", { name: user?.displayName ?? "" })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: update.isPending, ...testId("user-reset-submit") }}
      destroyOnHidden
      afterOpenChange={(visible) => visible && update.reset()}
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="password"
          label={t("users.newPassword")}
          rules={[
            { required: true },
            { min: MIN_PASSWORD_LENGTH, message: t("users.passwordTooShort", { min: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t("users.confirmPassword")}
          dependencies={["password"]}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_r, value: string) =>
                value === getFieldValue("password")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("users.passwordMismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-reset-confirm" />
        </Form.Item>
      </Form>
      {update.isError && <ErrorAlert error={update.error} />}
    </Modal>
  );
}
