import { PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type ServicePlan,
  useDeleteServicePlan,
  usePutServicePlan,
  useServicePlans,
} from "../../api/service";
import { useStores } from "../../api/stores";
import type { Id } from "../../api/types";
import { useCan, useSession } from "../../app/auth";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { formatInstant } from "../../shared/format";
import { testId } from "../../shared/testId";

interface Values {
  model: string;
  intervalMonths: number;
  intervalKm: number;
}

function PlanDrawer({
  plan,
  storeId,
  onClose,
}: {
  /** null: a new model */
  plan: ServicePlan | null | undefined;
  storeId: Id | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const put = usePutServicePlan();
  const close = () => {
    put.reset();
    onClose();
  };
  return (
    <FormDrawer
      open={plan !== undefined}
      onClose={close}
      title={plan ? t("service.plans.editTitle", { model: plan.model }) : t("service.plans.newTitle")}
      saving={put.isPending}
      onSave={() => form.submit()}
      testId="plan-save"
    >
      {plan !== undefined && (
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={plan ?? { intervalMonths: 12, intervalKm: 10000 }}
          onFinish={(v) =>
            put.mutate(
              { ...v, model: v.model.trim(), storeId },
              {
                onSuccess: () => {
                  message.success(t("common.saved"));
                  close();
                },
              },
            )
          }
        >
          <Form.Item
            name="model"
            label={t("service.plans.field.model")}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input disabled={plan !== null} data-testid="plan-model" />
          </Form.Item>
          <Form.Item
            name="intervalMonths"
            label={t("service.plans.field.intervalMonths")}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} data-testid="plan-months" />
          </Form.Item>
          <Form.Item
            name="intervalKm"
            label={t("service.plans.field.intervalKm")}
            rules={[{ required: true }]}
          >
            <InputNumber
              min={500}
              max={100000}
              step={500}
              precision={0}
              style={{ width: 160 }}
              data-testid="plan-km"
            />
          </Form.Item>
          {put.isError && <ErrorAlert error={put.error} />}
        </Form>
      )}
    </FormDrawer>
  );
}

/** 保养周期: per model, the maintenance interval in months and km (whichever comes first). */
export default function ServicePlansPage() {
  const { t } = useTranslation();
  const can = useCan();
  const isAdmin = useSession().user.storeId === null;
  const stores = useStores(isAdmin);
  const [adminStore, setAdminStore] = useState<Id>();
  const storeId = isAdmin ? (adminStore ?? stores.data?.items[0]?.id) : undefined;
  const plans = useServicePlans(storeId);
  const remove = useDeleteServicePlan();
  const [editing, setEditing] = useState<ServicePlan | null>();
  const mayWrite = can("servicePlan.write");

  return (
    <Card
      title={t("service.plans.title")}
      extra={
        <Space wrap>
          {isAdmin && (
            <Select<Id>
              value={storeId}
              onChange={setAdminStore}
              style={{ minWidth: 160 }}
              options={(stores.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
              data-testid="plan-store"
            />
          )}
          {mayWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="plan-new"
            >
              {t("service.plans.new")}
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t("service.plans.hint")}</Typography.Paragraph>
      {plans.isError && <ErrorAlert error={plans.error} />}
      {remove.isError && <ErrorAlert error={remove.error} />}
      <Table<ServicePlan>
        rowKey={(p) => `${p.storeId}-${p.model}`}
        size="middle"
        loading={plans.isFetching}
        dataSource={plans.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t("service.plans.empty") }}
        onRow={(p) => testId(`plan-row-${p.model}`)}
        columns={[
          { title: t("service.plans.field.model"), dataIndex: "model" },
          {
            title: t("service.plans.field.intervalMonths"),
            dataIndex: "intervalMonths",
            render: (n: number) => t("service.plans.months", { n }),
          },
          {
            title: t("service.plans.field.intervalKm"),
            dataIndex: "intervalKm",
            render: (n: number) => t("service.plans.km", { n: n.toLocaleString() }),
          },
          {
            title: t("service.plans.field.updatedAt"),
            dataIndex: "updatedAt",
            className: "nowrap",
            render: (v: string) => formatInstant(v),
          },
          ...(mayWrite
            ? [
                {
                  title: "",
                  key: "actions",
                  render: (_: unknown, p: ServicePlan) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(p)} data-testid={`plan-edit-${p.model}`}>
                        {t("service.plans.edit")}
                      </Button>
                      <Popconfirm
                        title={t("service.plans.confirmRemove", { model: p.model })}
                        onConfirm={() => remove.mutate({ model: p.model, storeId })}
                      >
                        <Button size="small" danger>
                          {t("service.plans.remove")}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <PlanDrawer plan={editing} storeId={storeId} onClose={() => setEditing(undefined)} />
    </Card>
  );
}
