import { App, Form, Input, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { type ReceptionBoard, useLogCall } from "../../api/traffic";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { optionalText, toInstant } from "../../shared/format";
import { LoggedAtPicker, PhoneField } from "./fields";
import { cleanPhone, LeadLookupResult, usePhoneLookup } from "./LeadLookup";
import { useConsultantOptions } from "./VisitDrawer";

interface Values {
  phone?: string;
  consultantId?: Id;
  at?: Dayjs | null;
  note?: string;
}

/** An inbound sales call (来电): counted in the month's traffic, and on the caller's lead when he has one. */
export function CallDrawer({
  open,
  onClose,
  board,
}: {
  open: boolean;
  onClose: () => void;
  board: ReceptionBoard | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const phone = Form.useWatch("phone", form);
  const { lead, searching } = usePhoneLookup(phone);
  const consultants = useConsultantOptions(board);
  const logCall = useLogCall();

  // A known caller is put through to his consultant.
  useEffect(() => {
    if (lead?.ownerId) form.setFieldValue("consultantId", lead.ownerId);
  }, [lead, form]);

  const submit = (values: Values) => {
    logCall.mutate(
      {
        leadId: lead?.id,
        phone: lead ? undefined : cleanPhone(values.phone),
        consultantId: values.consultantId,
        at: toInstant(values.at),
        note: optionalText(values.note),
      },
      {
        onSuccess: () => {
          message.success(t("reception.call.saved"));
          form.resetFields();
          onClose();
        },
      },
    );
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("reception.call.title")}
      saving={logCall.isPending}
      onSave={() => form.submit()}
      testId="call-submit"
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit}>
        <PhoneField testId="call-phone" />
        <Form.Item>
          <LeadLookupResult phone={phone} lead={lead} searching={searching} />
        </Form.Item>
        <Form.Item name="consultantId" label={t("reception.call.consultant")}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={consultants.loading}
            options={consultants.options}
            data-testid="call-consultant"
          />
        </Form.Item>
        <Form.Item name="at" label={t("reception.call.at")}>
          <LoggedAtPicker data-testid="call-at" />
        </Form.Item>
        <Form.Item name="note" label={t("reception.field.note")}>
          <Input.TextArea maxLength={500} rows={2} data-testid="call-note" />
        </Form.Item>
        {logCall.isError && <ErrorAlert error={logCall.error} testId="call-error" />}
      </Form>
    </FormDrawer>
  );
}
