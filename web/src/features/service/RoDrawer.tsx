// Opening a repair order (开单): the vehicle (or one of today's booked appointments, which brings its vehicle
// and work type), mileage in, the complaint, work type and technician. A mileage below the vehicle's last known
// one is refused by the server; the drawer then shows that mileage and asks for the reason before saving again.
import { Alert, App, Form, Input, InputNumber, Select } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { isApiError } from "../../api/client";
import type { CustomerVehicle } from "../../api/customers";
import { useBookedAppointments, useCreateRepairOrder, WORK_TYPES, type WorkType } from "../../api/service";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { optionalText } from "../../shared/format";
import { VehiclePicker } from "../customers/VehiclePicker";

interface Values {
  appointmentId?: Id;
  vehicleId?: Id;
  mileageIn?: number;
  complaint?: string;
  workType: WorkType;
  technician?: string;
  mileageOverrideReason?: string;
}

export function RoDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const create = useCreateRepairOrder();
  const today = dayjs().format("YYYY-MM-DD");
  const booked = useBookedAppointments(today, open);
  const [vehicle, setVehicle] = useState<CustomerVehicle | undefined>();
  // the last known mileage the server answered with: the reason field shows from then on
  const [lowerThan, setLowerThan] = useState<number | null>(null);
  const appointmentId = Form.useWatch("appointmentId", form);

  const close = () => {
    create.reset();
    setLowerThan(null);
    setVehicle(undefined);
    onClose();
  };

  const save = (v: Values) =>
    create.mutate(
      {
        vehicleId: v.vehicleId!,
        mileageIn: v.mileageIn!,
        complaint: v.complaint!.trim(),
        workType: v.workType,
        appointmentId: v.appointmentId,
        technician: optionalText(v.technician),
        mileageOverrideReason: optionalText(v.mileageOverrideReason),
      },
      {
        onSuccess: (ro) => {
          message.success(t("service.ro.done.created", { roNo: ro.roNo }));
          close();
          navigate(`/repair-orders/${ro.id}`);
        },
        onError: (err) => {
          if (isApiError(err, "mileage_lower")) {
            setLowerThan((err.details as { lastKnownKm: number }).lastKnownKm);
          }
        },
      },
    );

  const mileageError = isApiError(create.error, "mileage_lower");
  return (
    <FormDrawer
      open={open}
      onClose={close}
      title={t("service.ro.newTitle")}
      saving={create.isPending}
      onSave={() => form.submit()}
      testId="ro-save"
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ workType: "maintenance" }} onFinish={save}>
        <Form.Item name="appointmentId" label={t("service.ro.field.appointment")}>
          <Select<Id>
            allowClear
            placeholder={t("service.ro.noAppointment")}
            loading={booked.isFetching}
            options={(booked.data?.items ?? []).map((a) => ({
              value: a.id,
              label: t("service.ro.appointmentOption", {
                time: dayjs(a.slotStart).format("HH:mm"),
                plate: a.plate ?? a.vin.slice(-6),
                customer: a.customerName,
              }),
            }))}
            onChange={(id) => {
              const a = booked.data?.items.find((x) => x.id === id);
              if (a) form.setFieldsValue({ vehicleId: a.vehicleId, workType: a.workType });
            }}
            data-testid="ro-appointment"
          />
        </Form.Item>
        <Form.Item
          name="vehicleId"
          label={t("service.ro.field.vehicle")}
          rules={[{ required: true, message: t("service.ro.required.vehicle") }]}
          extra={
            vehicle?.mileageKm != null
              ? t("service.ro.lastKnown", { km: vehicle.mileageKm.toLocaleString() })
              : undefined
          }
        >
          <VehiclePicker
            disabled={appointmentId !== undefined}
            onChange={(_, item) => {
              setVehicle(item);
              setLowerThan(null);
            }}
            data-testid="ro-vehicle"
          />
        </Form.Item>
        <Form.Item
          name="mileageIn"
          label={t("service.ro.field.mileageIn")}
          rules={[{ required: true, message: t("service.ro.required.mileage") }]}
        >
          <InputNumber<number>
            min={0}
            max={2_000_000}
            precision={0}
            step={1000}
            style={{ width: "100%" }}
            onChange={() => setLowerThan(null)}
            data-testid="ro-mileage"
          />
        </Form.Item>
        {lowerThan !== null && (
          <>
            <Alert
              type="warning"
              showIcon
              title={t("service.ro.mileageLower", { km: lowerThan.toLocaleString() })}
              style={{ marginBottom: 12 }}
              data-testid="ro-mileage-lower"
            />
            <Form.Item
              name="mileageOverrideReason"
              label={t("service.ro.field.mileageOverrideReason")}
              rules={[{ required: true, whitespace: true, message: t("service.ro.required.reason") }]}
            >
              <Input maxLength={200} data-testid="ro-mileage-reason" />
            </Form.Item>
          </>
        )}
        <Form.Item name="workType" label={t("service.ro.field.workType")} rules={[{ required: true }]}>
          <Select
            options={WORK_TYPES.map((w) => ({ value: w, label: t(`service.workType.${w}`) }))}
            data-testid="ro-work-type"
          />
        </Form.Item>
        <Form.Item
          name="complaint"
          label={t("service.ro.field.complaint")}
          rules={[{ required: true, whitespace: true, message: t("service.ro.required.complaint") }]}
        >
          <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="ro-complaint" />
        </Form.Item>
        <Form.Item name="technician" label={t("service.ro.field.technician")}>
          <Input maxLength={50} data-testid="ro-technician" />
        </Form.Item>
        {create.error && !mileageError && <ErrorAlert error={create.error} testId="ro-error" />}
      </Form>
    </FormDrawer>
  );
}
