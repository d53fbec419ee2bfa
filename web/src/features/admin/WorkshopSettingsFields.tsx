import { Form, InputNumber, Space, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";

const SEVERITIES = ["low", "medium", "high"] as const;

/** The after-sales settings inside the store settings form: workshop slots, reminders, complaint deadlines. */
export function WorkshopSettingsFields() {
  const { t } = useTranslation();
  return (
    <>
      <Space size="large" wrap>
        <Form.Item
          name="workshopCapacityPerHour"
          label={t("service.workshop.capacity")}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={200} precision={0} data-testid="store-workshop-capacity" />
        </Form.Item>
        <Form.Item name="workshopOpens" label={t("service.workshop.opens")} rules={[{ required: true }]}>
          <TimePicker format="HH:mm" minuteStep={15} data-testid="store-workshop-opens" />
        </Form.Item>
        <Form.Item
          name="workshopCloses"
          label={t("service.workshop.closes")}
          dependencies={["workshopOpens"]}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_r, closes: Dayjs | undefined) => {
                const opens: Dayjs | undefined = getFieldValue("workshopOpens");
                return !opens || !closes || closes.diff(opens, "minute") >= 60
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("service.workshop.closesAfterOpens")));
              },
            }),
          ]}
        >
          <TimePicker format="HH:mm" minuteStep={15} data-testid="store-workshop-closes" />
        </Form.Item>
      </Space>
      <Space size="large" wrap>
        <Form.Item
          name="reminderFirstDays"
          label={t("service.workshop.reminderFirstDays")}
          rules={[{ required: true }]}
        >
          <InputNumber min={1} max={60} precision={0} />
        </Form.Item>
        <Form.Item
          name="reminderSecondDays"
          label={t("service.workshop.reminderSecondDays")}
          dependencies={["reminderFirstDays"]}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_r, second: number | undefined) =>
                second === undefined || second < getFieldValue("reminderFirstDays")
                  ? Promise.resolve()
                  : Promise.reject(new Error(t("service.workshop.secondBeforeFirst"))),
            }),
          ]}
        >
          <InputNumber min={0} max={30} precision={0} />
        </Form.Item>
      </Space>
      <Form.Item label={t("service.workshop.complaintDeadline")} style={{ marginBottom: 0 }}>
        <Space size="large" wrap>
          {SEVERITIES.map((s) => (
            <Form.Item
              key={s}
              name={["complaintDeadlineHours", s]}
              label={t(`service.workshop.severity.${s}`)}
              rules={[{ required: true }]}
            >
              <InputNumber min={1} max={720} precision={0} />
            </Form.Item>
          ))}
        </Space>
      </Form.Item>
    </>
  );
}
