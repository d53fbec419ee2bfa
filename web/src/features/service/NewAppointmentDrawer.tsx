import { Alert, App, DatePicker, Form, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client";
import {
  type NewAppointment,
  useCreateAppointment,
  useDaySlots,
  WORK_TYPES,
  type WorkType,
} from "../../api/service";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { optionalText } from "../../shared/format";
import { VehiclePicker } from "../customers/VehiclePicker";

interface Values {
  vehicleId: Id;
  customerId: Id;
  date: Dayjs;
  slotStart: string;
  workType: WorkType;
  note?: string;
}

/** The slot select: the day's hour slots with their load; full, past and closed ones cannot be chosen. */
function SlotSelect({
  date,
  value,
  onChange,
}: {
  date?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  const day = useDaySlots(date);
  const now = dayjs();
  const closed = day.data && !day.data.workingDay;
  return (
    <>
      <Select<string>
        value={value}
        onChange={onChange}
        loading={day.isFetching}
        disabled={!date || closed}
        placeholder={date ? undefined : t("service.appointments.pickDay")}
        data-testid="appointment-slot"
        options={(day.data?.slots ?? []).map((s) => {
          const time = dayjs(s.slotStart).format("HH:mm");
          return {
            value: s.slotStart,
            disabled: s.full || dayjs(s.slotStart).isBefore(now),
            label: s.full
              ? t("service.appointments.slotFull", { time })
              : t("service.appointments.slotOption", { time, booked: s.booked, capacity: s.capacity }),
          };
        })}
      />
      {closed && (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={t("service.appointments.closedDay")} />
      )}
    </>
  );
}

/** 新建预约: the vehicle (its customer comes along), a day and an hour slot, the work type. */
export function NewAppointmentDrawer({
  defaults,
  onClose,
}: {
  defaults: { date: string; slotStart?: string } | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateAppointment();
  const date = Form.useWatch("date", form);

  const submit = (v: Values) => {
    const body: NewAppointment = {
      customerId: v.customerId,
      vehicleId: v.vehicleId,
      slotStart: v.slotStart,
      workType: v.workType,
      note: optionalText(v.note),
    };
    create.mutate(body, {
      onSuccess: () => {
        message.success(t("service.appointments.done.created"));
        onClose();
      },
    });
  };

  const close = () => {
    create.reset();
    onClose();
  };

  return (
    <FormDrawer
      open={defaults !== undefined}
      onClose={close}
      title={t("service.appointments.newTitle")}
      saving={create.isPending}
      onSave={() => form.submit()}
      testId="appointment-save"
    >
      {defaults && (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            date: dayjs(defaults.date),
            slotStart: defaults.slotStart,
            workType: "maintenance",
          }}
        >
          <Form.Item
            name="vehicleId"
            label={t("service.appointments.field.vehicle")}
            rules={[{ required: true, message: t("service.appointments.vehicleRequired") }]}
          >
            <VehiclePicker
              data-testid="appointment-vehicle"
              onChange={(id, item) => form.setFieldsValue({ vehicleId: id, customerId: item?.customerId })}
            />
          </Form.Item>
          <Form.Item name="customerId" hidden>
            <Input />
          </Form.Item>
          <Form.Item name="date" label={t("service.appointments.field.date")} rules={[{ required: true }]}>
            <DatePicker
              allowClear={false}
              disabledDate={(d) => d.isBefore(dayjs().startOf("day")) || d.isAfter(dayjs().add(60, "day"))}
              onChange={() => form.setFieldValue("slotStart", undefined)}
              data-testid="appointment-form-date"
            />
          </Form.Item>
          <Form.Item
            name="slotStart"
            label={t("service.appointments.field.slot")}
            rules={[{ required: true, message: t("service.appointments.slotRequired") }]}
          >
            <SlotSelect date={date ? date.format("YYYY-MM-DD") : undefined} />
          </Form.Item>
          <Form.Item
            name="workType"
            label={t("service.appointments.field.workType")}
            rules={[{ required: true }]}
          >
            <Select
              data-testid="appointment-work-type"
              options={WORK_TYPES.map((w) => ({ value: w, label: t(`service.workType.${w}`) }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t("service.appointments.field.note")} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} data-testid="appointment-note" />
          </Form.Item>
          {create.isError && (
            <ErrorAlert
              error={create.error}
              testId={isApiError(create.error, "slot_full") ? "appointment-slot-full" : "appointment-error"}
            />
          )}
        </Form>
      )}
    </FormDrawer>
  );
}
