import { App, Modal, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useAssignLeads } from "../../api/leads";
import type { Id } from "../../api/types";
import { useSession } from "../../app/auth";
import { useErrorText } from "../../shared/errors";
import { testId } from "../../shared/testId";
import { useOwnerOptions, useOwnerSelectOptions } from "./useOwnerOptions";

interface Props {
  leadIds: Id[];
  open: boolean;
  /** The store the leads belong to; an admin works across stores, so the lead decides, not the user. */
  storeId?: Id;
  currentOwnerId?: Id | null;
  onClose: (assigned: boolean) => void;
}

export function AssignModal({ leadIds, open, storeId, currentOwnerId, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const errorText = useErrorText();
  const owners = useOwnerOptions(storeId ?? me.user.storeId ?? undefined, open);
  const ownerOptions = useOwnerSelectOptions();
  const assign = useAssignLeads();
  const [ownerId, setOwnerId] = useState<Id>();

  useEffect(() => {
    if (open) {
      setOwnerId(undefined);
      assign.reset();
    }
  }, [open, assign.reset]);

  const confirm = () => {
    if (!ownerId) return;
    assign.mutate(
      { leadIds, ownerId },
      {
        onSuccess: () => {
          message.success(t("leads.assign.done", { count: leadIds.length }));
          onClose(true);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t("leads.assign.title", { count: leadIds.length })}
      onCancel={() => onClose(false)}
      onOk={confirm}
      okText={t("common.confirm")}
      okButtonProps={{ disabled: !ownerId, loading: assign.isPending, ...testId("assign-confirm") }}
      destroyOnHidden
    >
      <Select
        style={{ width: "100%" }}
        showSearch={{ optionFilterProp: "label" }}
        placeholder={t("leads.assign.owner")}
        loading={owners.isPending}
        value={ownerId}
        onChange={setOwnerId}
        options={ownerOptions(owners.data?.filter((o) => o.id !== currentOwnerId))}
        data-testid="assign-owner"
      />
      {owners.isError && (
        <Typography.Text type="danger" style={{ display: "block", marginTop: 8 }}>
          {errorText(owners.error)}
        </Typography.Text>
      )}
      {assign.isError && (
        <Typography.Text type="danger" style={{ display: "block", marginTop: 8 }}>
          {errorText(assign.error)}
        </Typography.Text>
      )}
    </Modal>
  );
}
