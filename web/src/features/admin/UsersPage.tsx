import { PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useStores } from "../../api/stores";
import { type Id, ROLES, type Role, type User } from "../../api/types";
import { useUpdateUser, useUsers } from "../../api/users";
import { useCan, useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { useEnumOptions } from "../../shared/options";
import { testId } from "../../shared/testId";
import { ResetPasswordModal } from "./ResetPasswordModal";
import { UserCreateModal } from "./UserCreateModal";

export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const can = useCan();
  const errorText = useErrorText();
  const [storeId, setStoreId] = useState<Id>();
  const [role, setRole] = useState<Role>();
  const users = useUsers({ storeId, role });
  const stores = useStores();
  const update = useUpdateUser();
  const roleOptions = useEnumOptions("roles", ROLES);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<User>();
  const storeName = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));

  const setDisabled = (user: User, disabled: boolean) =>
    update.mutate(
      { id: user.id, patch: { disabled } },
      {
        onSuccess: () =>
          message.success(
            t(disabled ? "users.disabledDone" : "users.enabledDone", { name: user.displayName }),
          ),
        onError: (error) => message.error(errorText(error)),
      },
    );

  return (
    <Card
      title={t("users.title")}
      extra={
        can("user.create") && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-new"
          >
            {t("users.create")}
          </Button>
        )
      }
    >
      <Flex vertical gap={12}>
        <Space wrap>
          <Select<Id>
            allowClear
            placeholder={t("users.store")}
            style={{ width: 200 }}
            value={storeId}
            onChange={setStoreId}
            options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
            data-testid="user-filter-store"
          />
          <Select<Role>
            allowClear
            placeholder={t("users.role")}
            style={{ width: 160 }}
            value={role}
            onChange={setRole}
            options={roleOptions}
            data-testid="user-filter-role"
          />
        </Space>
        {users.isError && <Typography.Text type="danger">{errorText(users.error)}</Typography.Text>}
        <Table<User>
          rowKey="id"
          size="middle"
          loading={users.isFetching}
          dataSource={users.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          onRow={(u) => testId(`user-row-${u.id}`)}
          columns={[
            { title: t("users.username"), dataIndex: "username" },
            { title: t("users.displayName"), dataIndex: "displayName" },
            { title: t("users.role"), dataIndex: "role", render: (r: Role) => t(`roles.${r}`) },
            {
              title: t("users.store"),
              dataIndex: "storeId",
              render: (id: Id | null) =>
                id === null ? <Tag>{t("app.group")}</Tag> : (storeName.get(id) ?? `#${id}`),
            },
            {
              title: t("users.enabled"),
              dataIndex: "disabled",
              render: (disabled: boolean, u) => (
                <Switch
                  size="small"
                  checked={!disabled}
                  // Nobody locks themselves out; the server refuses it too (cannot_change_self).
                  disabled={!can("user.update") || u.id === me.user.id}
                  loading={update.isPending && update.variables?.id === u.id}
                  onChange={(enabled) => setDisabled(u, !enabled)}
                  data-testid={`user-enabled-${u.id}`}
                />
              ),
            },
            {
              title: t("board.paused"),
              dataIndex: "paused",
              render: (paused: boolean) =>
                paused ? <Tag color="orange">{t("board.pausedShort")}</Tag> : "—",
            },
            {
              title: t("common.createdAt"),
              dataIndex: "createdAt",
              className: "nowrap",
              render: (v: string) => formatInstant(v),
            },
            {
              title: "",
              key: "actions",
              render: (_: unknown, u) =>
                can("user.update") && (
                  <Button size="small" onClick={() => setResetting(u)} data-testid={`user-reset-${u.id}`}>
                    {t("users.resetPassword")}
                  </Button>
                ),
            },
          ]}
        />
      </Flex>
      <UserCreateModal open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />
    </Card>
  );
}
