import { App, Form, Input, Modal, Radio, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Claim,
  useDecideClaim,
  useResubmitClaim,
  useSubmitClaim,
  useWarrantyOrderSearch,
} from "../../api/claims";
import { useRepairOrder } from "../../api/service";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { FormDrawer } from "../../shared/FormDrawer";
import { fenToYuan, formatMoney, toFen } from "../../shared/format";
import { YuanInput } from "../../shared/money";
import { testId } from "../../shared/testId";
import { useDebounced } from "../../shared/useDebounced";

/** A warranty repair order by its number, plate or VIN. */
function RoSelect(props: { value?: Id; onChange?: (id: Id | undefined) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  const term = useDebounced(typed);
  const search = useWarrantyOrderSearch(term);
  return (
    <Select<Id>
      allowClear
      value={props.value}
      onChange={(id) => props.onChange?.(id)}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      loading={search.isFetching}
      placeholder={t("claims.placeholder.ro")}
      options={(search.data?.items ?? []).map((ro) => ({
        value: ro.id,
        label: [ro.roNo, ro.plate, ro.model].filter(Boolean).join(" · "),
      }))}
      data-testid="claim-ro"
    />
  );
}

interface SubmitValues {
  repairOrderId: Id;
  faultDescription: string;
  labour?: number;
  parts?: number;
}

/** Submit a finished warranty order's claim: the amounts come from its warranty-paid lines, editable. */
export function SubmitClaimDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SubmitValues>();
  const roId = Form.useWatch("repairOrderId", form);
  const ro = useRepairOrder(roId);
  const submit = useSubmitClaim();

  useEffect(() => {
    if (!ro.data) return;
    const sum = (lines: { payer: string; amountFen: number }[]) =>
      lines.filter((l) => l.payer === "warranty").reduce((s, l) => s + l.amountFen, 0);
    form.setFieldsValue({
      labour: fenToYuan(sum(ro.data.labour)),
      parts: fenToYuan(sum(ro.data.parts)),
      faultDescription: form.getFieldValue("faultDescription") || ro.data.complaint,
    });
  }, [ro.data, form]);

  const save = async () => {
    const v = await form.validateFields();
    await submit.mutateAsync({
      repairOrderId: v.repairOrderId,
      faultDescription: v.faultDescription,
      labourFen: toFen(v.labour),
      partsFen: toFen(v.parts),
    });
    message.success(t("claims.submitted"));
    onClose();
  };
  const labour = Form.useWatch("labour", form);
  const parts = Form.useWatch("parts", form);

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      title={t("claims.newTitle")}
      saving={submit.isPending}
      onSave={() => void save().catch(() => undefined)}
      testId="claim-save"
    >
      {submit.isError && <ErrorAlert error={submit.error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="repairOrderId" label={t("claims.field.roNo")} rules={[{ required: true }]}>
          <RoSelect />
        </Form.Item>
        {ro.data && (
          <Typography.Paragraph type="secondary">
            {[ro.data.plate, ro.data.model, ro.data.vin].filter(Boolean).join(" · ")}
            <br />
            {t("claims.placeholder.prefilled")}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="faultDescription"
          label={t("claims.field.fault")}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="claim-fault" />
        </Form.Item>
        <Form.Item name="labour" label={t("claims.field.labour")}>
          <YuanInput data-testid="claim-labour" />
        </Form.Item>
        <Form.Item name="parts" label={t("claims.field.parts")}>
          <YuanInput data-testid="claim-parts" />
        </Form.Item>
        <Typography.Text strong>
          {t("claims.field.claimed")}:{" "}
          {formatMoney((toFen(labour) ?? 0) + (toFen(parts) ?? 0), i18n.language)}
        </Typography.Text>
      </Form>
    </FormDrawer>
  );
}

/** The manufacturer's answer: approved with an amount (at most the claim), or rejected with the reason. */
export function DecideModal({ claim, onClose }: { claim: Claim; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const decide = useDecideClaim(claim.id);
  const [form] = Form.useForm<{ approved: boolean; amount?: number; reason?: string }>();
  const approved = Form.useWatch("approved", form);
  const save = async () => {
    const v = await form.validateFields();
    await decide.mutateAsync(
      v.approved
        ? { approved: true, amountFen: toFen(v.amount)! }
        : { approved: false, reason: v.reason!.trim() },
    );
    onClose();
  };
  return (
    <Modal
      open
      title={`${t("claims.decide.title")} · ${claim.roNo}`}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      confirmLoading={decide.isPending}
      okButtonProps={testId("claim-decide-ok")}
      destroyOnHidden
    >
      {decide.isError && <ErrorAlert error={decide.error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>
        {t("claims.field.claimed")}: {formatMoney(claim.claimedFen, i18n.language)}
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ approved: true, amount: fenToYuan(claim.claimedFen) }}
      >
        <Form.Item name="approved" label={t("claims.field.decision")}>
          <Radio.Group
            options={[
              { value: true, label: t("claims.decide.approve") },
              { value: false, label: t("claims.decide.reject") },
            ]}
            data-testid="claim-decision"
          />
        </Form.Item>
        {approved !== false ? (
          <Form.Item
            name="amount"
            label={t("claims.field.approvedAmount")}
            rules={[{ required: true }, { type: "number", min: 0.01, max: claim.claimedFen / 100 }]}
          >
            <YuanInput max={claim.claimedFen / 100} data-testid="claim-amount" />
          </Form.Item>
        ) : (
          <Form.Item
            name="reason"
            label={t("claims.field.rejectReason")}
            rules={[{ required: true, whitespace: true, max: 500 }]}
          >
            <Input.TextArea rows={3} maxLength={500} data-testid="claim-reason" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** A rejected claim corrected and submitted again. */
export function ResubmitModal({ claim, onClose }: { claim: Claim; onClose: () => void }) {
  const { t } = useTranslation();
  const resubmit = useResubmitClaim(claim.id);
  const [form] = Form.useForm<{ faultDescription: string; labour?: number; parts?: number }>();
  const save = async () => {
    const v = await form.validateFields();
    await resubmit.mutateAsync({
      faultDescription: v.faultDescription.trim(),
      labourFen: toFen(v.labour),
      partsFen: toFen(v.parts),
    });
    onClose();
  };
  return (
    <Modal
      open
      title={`${t("claims.resubmitTitle")} · ${claim.roNo}`}
      onCancel={onClose}
      onOk={() => void save().catch(() => undefined)}
      confirmLoading={resubmit.isPending}
      okButtonProps={testId("claim-resubmit-ok")}
      destroyOnHidden
    >
      {resubmit.isError && <ErrorAlert error={resubmit.error} style={{ marginBottom: 12 }} />}
      {claim.rejectReason && (
        <Typography.Paragraph type="danger">
          {t("claims.field.rejectReason")}: {claim.rejectReason}
        </Typography.Paragraph>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          faultDescription: claim.faultDescription,
          labour: fenToYuan(claim.labourFen),
          parts: fenToYuan(claim.partsFen),
        }}
      >
        <Form.Item
          name="faultDescription"
          label={t("claims.field.fault")}
          rules={[{ required: true, whitespace: true, max: 2000 }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Form.Item name="labour" label={t("claims.field.labour")}>
          <YuanInput />
        </Form.Item>
        <Form.Item name="parts" label={t("claims.field.parts")}>
          <YuanInput />
        </Form.Item>
      </Form>
    </Modal>
  );
}
