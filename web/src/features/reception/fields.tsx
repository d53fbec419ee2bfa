import { DatePicker, type DatePickerProps, Form, Input } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { cleanPhone } from "./LeadLookup";

/** The visitor's or caller's phone: empty, or a mainland mobile that the lead look-up runs on. */
export function PhoneField({ testId, extra }: { testId: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="phone"
      label={t("reception.field.phone")}
      extra={extra}
      rules={[
        {
          validator: (_, v: string | undefined) =>
            !v || cleanPhone(v)
              ? Promise.resolve()
              : Promise.reject(new Error(t("reception.visit.phoneInvalid"))),
        },
      ]}
    >
      <Input inputMode="tel" maxLength={13} allowClear data-testid={testId} />
    </Form.Item>
  );
}

/** Traffic is logged at most 7 days late (the server's limit), and never ahead. */
const outsideLastWeek = (d: Dayjs) =>
  d.isAfter(dayjs(), "day") || d.isBefore(dayjs().subtract(7, "day"), "day");

/** When a visit or call happened; empty means now. Form.Item passes value and onChange through. */
export function LoggedAtPicker(props: DatePickerProps & { "data-testid": string }) {
  const { t } = useTranslation();
  return (
    <DatePicker
      showTime={{ format: "HH:mm" }}
      format="YYYY-MM-DD HH:mm"
      placeholder={t("reception.visit.now")}
      style={{ width: "100%" }}
      disabledDate={outsideLastWeek}
      {...props}
    />
  );
}
