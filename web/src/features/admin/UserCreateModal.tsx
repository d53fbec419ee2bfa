import { App, Form, Input, Modal, Select } from "antd";
import { useTranslation } from "react-i18next";
import { useStores } from "../../api/stores";
import { type Id, ROLES, type Role } from "../../api/types";
import { useCreateUser } from "../../api/users";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";

export const MIN_PASSWORD_LENGTH = 8;

interface Values {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  storeId?: Id;
}

export function UserCreateModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const stores = useStores(open);
  const roleOptions = useEnumOptions("roles", ROLES);
  const role = Form.useWatch("role", form);

  const submit = (values: Values) =>
    create.mutate(
      {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        role: values.role,
        // The group administrator belongs to no store; everybody else to exactly one.
        storeId: values.role === "admin" ? null : (values.storeId ?? null),
      },
      {
        onSuccess: () => {
          message.success(t("common.saved"));
          onClose();
        },
      },
    );

  return (
    <Modal
      open={open}
      title={t("users.createTitle")}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: create.isPending, ...testId("user-create-submit") }}
      destroyOnHidden
      afterOpenChange={(visible) => visible && create.reset()}
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ role: "consultant" }}>
        <Form.Item
          name="username"
          label={t("users.username")}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input autoComplete="off" data-testid="user-create-username" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t("users.displayName")}
          rules={[{ required: true, whitespace: true, max: 100 }]}
        >
          <Input data-testid="user-create-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t("users.password")}
          rules={[
            { required: true },
            { min: MIN_PASSWORD_LENGTH, message: t("users.passwordTooShort", { min: MIN_PASSWORD_LENGTH }) },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-create-password" />
        </Form.Item>
        <Form.Item name="role" label={t("users.role")} rules={[{ required: true }]}>
          <Select options={roleOptions} data-testid="user-create-role" />
        </Form.Item>
        {role !== "admin" && (
          <Form.Item name="storeId" label={t("users.store")} rules={[{ required: true }]}>
            <Select
              loading={stores.isPending}
              options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              data-testid="user-create-store"
            />
          </Form.Item>
        )}
      </Form>
      {create.isError && <ErrorAlert error={create.error} />}
    </Modal>
  );
}
