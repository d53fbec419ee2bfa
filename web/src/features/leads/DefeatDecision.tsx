import { App, Button, Input, Modal, Space } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useDecideDefeat } from "../../api/leads";
import type { Id } from "../../api/types";
import { useErrorText } from "../../shared/errors";
import { testId } from "../../shared/testId";

type Decision = "approve" | "return";

/** Approve or return a defeat request, with an optional note that the consultant sees on the timeline. */
export function DefeatDecision({ leadId, size }: { leadId: Id; size?: "small" | "middle" }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const decide = useDecideDefeat();
  const [decision, setDecision] = useState<Decision>();
  const [note, setNote] = useState("");

  const open = (d: Decision) => {
    setNote("");
    decide.reset();
    setDecision(d);
  };

  const confirm = () => {
    if (!decision) return;
    decide.mutate(
      { leadId, decision, note: note.trim() || undefined },
      {
        onSuccess: () => {
          message.success(t(decision === "approve" ? "defeat.approved" : "defeat.returned"));
          setDecision(undefined);
        },
      },
    );
  };

  return (
    <>
      <Space size={4}>
        <Button size={size} danger onClick={() => open("approve")} data-testid={`defeat-approve-${leadId}`}>
          {t("defeat.approve")}
        </Button>
        <Button size={size} onClick={() => open("return")} data-testid={`defeat-return-${leadId}`}>
          {t("defeat.return")}
        </Button>
      </Space>
      <Modal
        open={decision !== undefined}
        title={t(decision === "approve" ? "defeat.approveTitle" : "defeat.returnTitle")}
        onCancel={() => setDecision(undefined)}
        onOk={confirm}
        okButtonProps={{
          danger: decision === "approve",
          loading: decide.isPending,
          ...testId("defeat-decision-confirm"),
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          placeholder={t("defeat.note")}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          data-testid="defeat-decision-note"
        />
        {decide.isError && <div style={{ color: "#cf1322", marginTop: 8 }}>{errorText(decide.error)}</div>}
      </Modal>
    </>
  );
}
