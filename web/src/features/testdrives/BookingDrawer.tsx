import { Alert, App, DatePicker, Form, Input, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client";
import { type Calendar, useBookableLeads, useBookTestDrive, useDriveRoutes } from "../../api/testDrives";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";

/** The holder's ID number (驾驶证号 = 身份证号); the server checks the check digit and the birth date. */
const LICENCE = /^\d{17}[\dXx]$/;
const DURATIONS = [30, 45, 60, 90, 120, 180, 240];

interface Values {
  leadId?: Id;
  vehicleId?: Id;
  routeId?: Id;
  startAt?: Dayjs | null;
  minutes: number;
  licenceNo?: string;
}

export interface BookingDefaults {
  vehicleId?: Id;
  startAt?: Dayjs;
}

export function BookingDrawer({
  open,
  onClose,
  calendar,
  defaults,
}: {
  open: boolean;
  onClose: () => void;
  calendar: Calendar | undefined;
  defaults: BookingDefaults;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState("");
  const leads = useBookableLeads(q.trim(), open);
  const routes = useDriveRoutes(open);
  const book = useBookTestDrive();

  const submit = (v: Values) => {
    const start = v.startAt!.second(0).millisecond(0);
    book.mutate(
      {
        leadId: v.leadId!,
        vehicleId: v.vehicleId!,
        routeId: v.routeId,
        startAt: start.toISOString(),
        endAt: start.add(v.minutes, "minute").toISOString(),
        licenceNo: v.licenceNo!.trim().toUpperCase(),
      },
      {
        onSuccess: () => {
          message.success(t("testDrives.form.booked"));
          form.resetFields();
          onClose();
        },
      },
    );
  };

  // The clash the server reports, with its time when the calendar on screen holds it.
  const conflict = isApiError(book.error, "vehicle_busy") ? book.error : undefined;
  const conflictId = (conflict?.details as { conflictingId?: Id } | undefined)?.conflictingId;
  const clash = [...(calendar?.items ?? []), ...(calendar?.others ?? [])].find((d) => d.id === conflictId);
  const clashTime =
    clash && `${dayjs(clash.startAt).format("MM-DD HH:mm")}–${dayjs(clash.endAt).format("HH:mm")}`;

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("testDrives.form.title")}
      saving={book.isPending}
      onSave={() => form.submit()}
      testId="booking-submit"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ minutes: 60, vehicleId: defaults.vehicleId, startAt: defaults.startAt }}
      >
        <Form.Item name="leadId" label={t("testDrives.form.lead")} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t("testDrives.form.leadPlaceholder")}
            loading={leads.isFetching}
            options={(leads.data ?? []).map((l) => ({ value: l.id, label: `${l.name} · ${l.phone}` }))}
            data-testid="booking-lead"
          />
        </Form.Item>
        <Form.Item name="vehicleId" label={t("testDrives.form.car")} rules={[{ required: true }]}>
          <Select
            options={(calendar?.fleet ?? []).map((c) => ({
              value: c.id,
              label: `${c.model} · ${c.colour} · ${c.vin.slice(-6)}`,
            }))}
            data-testid="booking-car"
          />
        </Form.Item>
        <Form.Item name="routeId" label={t("testDrives.form.route")}>
          <Select
            allowClear
            placeholder={t("testDrives.form.noRoute")}
            options={(routes.data?.items ?? [])
              .filter((r) => r.active)
              .map((r) => ({ value: r.id, label: r.distanceKm ? `${r.name} · ${r.distanceKm} km` : r.name }))}
            data-testid="booking-route"
          />
        </Form.Item>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item
            name="startAt"
            label={t("testDrives.form.start")}
            rules={[{ required: true }]}
            style={{ flex: 1 }}
          >
            <DatePicker
              showTime={{ format: "HH:mm", minuteStep: 15 }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: "100%" }}
              disabledDate={(d) => d.isBefore(dayjs(), "day") || d.isAfter(dayjs().add(90, "day"))}
              data-testid="booking-start"
            />
          </Form.Item>
          <Form.Item name="minutes" label={t("testDrives.form.duration")} style={{ width: 140 }}>
            <Select
              options={DURATIONS.map((m) => ({
                value: m,
                label:
                  m % 60 === 0
                    ? t("testDrives.form.hours", { count: m / 60 })
                    : t("testDrives.form.minutes", { count: m }),
              }))}
              data-testid="booking-duration"
            />
          </Form.Item>
        </Space.Compact>
        <Form.Item
          name="licenceNo"
          label={t("testDrives.form.licence")}
          extra={t("testDrives.form.licenceHint")}
          rules={[{ required: true }, { pattern: LICENCE, message: t("testDrives.form.licenceInvalid") }]}
        >
          <Input maxLength={18} autoComplete="off" data-testid="booking-licence" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t("testDrives.form.remind")}</Typography.Paragraph>
        {conflict ? (
          <Alert
            type="error"
            showIcon
            title={
              clashTime
                ? t("testDrives.form.conflict", { time: clashTime })
                : t("testDrives.form.conflictUnknown")
            }
            data-testid="booking-conflict"
          />
        ) : (
          book.isError && <ErrorAlert error={book.error} testId="booking-error" />
        )}
      </Form>
    </FormDrawer>
  );
}
