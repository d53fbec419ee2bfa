import { App, Button, Form, Input, InputNumber, Modal, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { type DriveRoute, useCreateRoute, useDriveRoutes, useUpdateRoute } from "../../api/testDrives";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useErrorText } from "../../shared/errors";

/** The store's test-drive routes (试驾路线), for managers: add one, retire or restore one. */
export function RoutesModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const routes = useDriveRoutes();
  const create = useCreateRoute();
  const update = useUpdateRoute();
  const [form] = Form.useForm<{ name: string; distanceKm?: number; minutes?: number }>();

  return (
    <Modal open title={t("testDrives.route.title")} onCancel={onClose} footer={null} width={640}>
      <Form
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(v) =>
          create.mutate(
            { name: v.name.trim(), distanceKm: v.distanceKm ?? undefined, minutes: v.minutes ?? undefined },
            { onSuccess: () => form.resetFields() },
          )
        }
      >
        <Form.Item name="name" rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input placeholder={t("testDrives.route.name")} maxLength={50} data-testid="route-name" />
        </Form.Item>
        <Form.Item name="distanceKm">
          <InputNumber
            min={0}
            max={500}
            precision={0}
            placeholder={t("testDrives.route.distance")}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item name="minutes">
          <InputNumber
            min={1}
            max={600}
            precision={0}
            placeholder={t("testDrives.route.minutes")}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={create.isPending} data-testid="route-add">
          {t("testDrives.route.add")}
        </Button>
      </Form>
      {create.isError && <ErrorAlert error={create.error} style={{ marginBottom: 12 }} />}
      <Table<DriveRoute>
        size="small"
        rowKey="id"
        pagination={false}
        loading={routes.isPending}
        dataSource={routes.data?.items}
        locale={{ emptyText: t("testDrives.route.empty") }}
        columns={[
          { title: t("testDrives.route.name"), dataIndex: "name" },
          {
            title: t("testDrives.route.distance"),
            dataIndex: "distanceKm",
            render: (v: number | null) => v ?? "—",
          },
          {
            title: t("testDrives.route.minutes"),
            dataIndex: "minutes",
            render: (v: number | null) => v ?? "—",
          },
          {
            title: "",
            key: "active",
            render: (_: unknown, r) => (
              <>
                <Tag color={r.active ? "green" : "default"}>
                  {r.active ? t("testDrives.route.active") : t("testDrives.route.inactive")}
                </Tag>
                <Button
                  size="small"
                  type="link"
                  onClick={() =>
                    update.mutate(
                      { id: r.id, active: !r.active },
                      { onError: (e) => message.error(errorText(e)) },
                    )
                  }
                >
                  {r.active ? t("testDrives.route.retire") : t("testDrives.route.restore")}
                </Button>
              </>
            ),
          },
        ]}
      />
    </Modal>
  );
}
