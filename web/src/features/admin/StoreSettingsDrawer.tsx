import {
  App,
  Button,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  TimePicker,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useUpdateStore } from "../../api/stores";
import {
  CADENCED_LEVELS,
  type CadencedLevel,
  type CadenceRange,
  type Store,
  VALIDITY_LEVELS,
  type ValidityLevel,
} from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { LevelTag } from "../../shared/LevelTag";
import { timeZoneOptions } from "./timeZones";
import { WorkshopSettingsFields } from "./WorkshopSettingsFields";

interface Values {
  name: string;
  timeZone: string;
  businessDayEnd: Dayjs;
  cadence: Record<CadencedLevel, CadenceRange>;
  validityDays: Record<ValidityLevel, number>;
  escalateAfterDays: number;
  vinCheckDigitWarnOnly: boolean;
  workshopCapacityPerHour: number;
  workshopOpens: Dayjs;
  workshopCloses: Dayjs;
  reminderFirstDays: number;
  reminderSecondDays: number;
  complaintDeadlineHours: Store["complaintDeadlineHours"];
}

function initialValues(store: Store): Values {
  return {
    ...store,
    businessDayEnd: dayjs(store.businessDayEnd, "HH:mm"),
    workshopOpens: dayjs(store.workshopOpens, "HH:mm"),
    workshopCloses: dayjs(store.workshopCloses, "HH:mm"),
  };
}

/** 跟进周期维护: the store's cadence (plan day and latest day per level) and level validity. */
function CadenceTable() {
  const { t } = useTranslation();
  const days = { min: 1, max: 365, precision: 0, style: { width: 90 } } as const;
  return (
    <Table<{ level: CadencedLevel }>
      size="small"
      pagination={false}
      rowKey="level"
      dataSource={CADENCED_LEVELS.map((level) => ({ level }))}
      columns={[
        {
          title: t("leads.field.level"),
          dataIndex: "level",
          render: (l: CadencedLevel) => <LevelTag level={l} />,
        },
        {
          title: t("stores.planDays"),
          key: "plan",
          render: (_: unknown, { level }) => (
            <Form.Item name={["cadence", level, "planDays"]} noStyle rules={[{ required: true }]}>
              <InputNumber {...days} data-testid={`store-cadence-${level}-plan`} />
            </Form.Item>
          ),
        },
        {
          title: t("stores.maxDays"),
          key: "max",
          render: (_: unknown, { level }) => (
            <Form.Item
              name={["cadence", level, "maxDays"]}
              // Not noStyle: this cell's rule has a message worth reading, so it must be shown under the input.
              style={{ margin: 0 }}
              dependencies={[["cadence", level, "planDays"]]}
              rules={[
                { required: true },
                ({ getFieldValue }) => ({
                  // The plan day proposed by the follow-up form must itself be allowed.
                  validator: (_r, max: number) =>
                    max >= getFieldValue(["cadence", level, "planDays"])
                      ? Promise.resolve()
                      : Promise.reject(new Error(t("stores.maxBeforePlan"))),
                }),
              ]}
            >
              <InputNumber {...days} data-testid={`store-cadence-${level}-max`} />
            </Form.Item>
          ),
        },
        {
          title: t("stores.validityDays"),
          key: "validity",
          render: (_: unknown, { level }) =>
            (VALIDITY_LEVELS as readonly string[]).includes(level) ? (
              <Form.Item name={["validityDays", level]} noStyle rules={[{ required: true }]}>
                <InputNumber {...days} max={3650} data-testid={`store-validity-${level}`} />
              </Form.Item>
            ) : (
              "—"
            ),
        },
      ]}
    />
  );
}

export function StoreSettingsDrawer({ store, onClose }: { store: Store | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateStore();
  const zones = useMemo(timeZoneOptions, []);

  const submit = (values: Values) => {
    if (!store) return;
    update.mutate(
      {
        id: store.id,
        patch: {
          ...values,
          name: values.name.trim(),
          businessDayEnd: values.businessDayEnd.format("HH:mm"),
          workshopOpens: values.workshopOpens.format("HH:mm"),
          workshopCloses: values.workshopCloses.format("HH:mm"),
        },
      },
      {
        onSuccess: () => {
          message.success(t("common.saved"));
          onClose();
        },
      },
    );
  };

  return (
    <Drawer
      open={store !== undefined}
      onClose={onClose}
      size={640}
      title={t("stores.editTitle", { name: store?.name ?? "" })}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button
            type="primary"
            loading={update.isPending}
            onClick={() => form.submit()}
            data-testid="store-save"
          >
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      {store && (
        <Form<Values> form={form} layout="vertical" initialValues={initialValues(store)} onFinish={submit}>
          <Form.Item
            name="name"
            label={t("stores.name")}
            rules={[{ required: true, whitespace: true, max: 100 }]}
          >
            <Input data-testid="store-name" />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="timeZone" label={t("stores.timeZone")} rules={[{ required: true }]}>
              <Select showSearch style={{ width: 220 }} options={zones} data-testid="store-timezone" />
            </Form.Item>
            <Form.Item
              name="businessDayEnd"
              label={t("stores.businessDayEnd")}
              extra={t("stores.businessDayEndHint")}
              rules={[{ required: true }]}
            >
              <TimePicker format="HH:mm" minuteStep={5} data-testid="store-day-end" />
            </Form.Item>
            <Form.Item
              name="escalateAfterDays"
              label={t("stores.escalateAfterDays")}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={365} precision={0} data-testid="store-escalate" />
            </Form.Item>
          </Space>
          <Divider titlePlacement="start">{t("stores.cadence")}</Divider>
          <CadenceTable />
          <Form.Item
            name="vinCheckDigitWarnOnly"
            label={t("stores.vinWarnOnly")}
            valuePropName="checked"
            style={{ marginTop: 16 }}
          >
            <Switch />
          </Form.Item>
          <Divider titlePlacement="start">{t("service.workshop.section")}</Divider>
          <WorkshopSettingsFields />
          {update.isError && <ErrorAlert error={update.error} />}
        </Form>
      )}
    </Drawer>
  );
}
