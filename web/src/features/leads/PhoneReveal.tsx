import { EyeOutlined } from "@ant-design/icons";
import { Button, Space, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useRevealPhone } from "../../api/leads";
import type { Id } from "../../api/types";
import { useErrorText } from "../../shared/errors";

/**
 * Shows the masked phone; the full number only on an explicit click, because every reveal is written to the
 * audit log (DOMAIN §10) and should be a deliberate act, not a side effect of opening the page.
 */
export function PhoneReveal({
  customerId,
  phone,
  masked,
}: {
  customerId: Id;
  phone: string;
  masked: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const reveal = useRevealPhone();
  const shown = reveal.data?.value ?? phone;

  return (
    <Space size={4}>
      <Typography.Text copyable={!masked || reveal.isSuccess} data-testid="lead-phone">
        {shown}
      </Typography.Text>
      {masked && !reveal.isSuccess && (
        <Tooltip title={reveal.isError ? errorText(reveal.error) : t("leads.detail.revealHint")}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            danger={reveal.isError}
            onClick={() => reveal.mutate(customerId)}
            data-testid="phone-reveal"
          >
            {t("leads.detail.reveal")}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
}
