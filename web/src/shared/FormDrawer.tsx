import { Button, Drawer, Space } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/**
 * The side drawer every "new …" form uses (new lead, visit, call, arrival, test-drive booking): the same
 * width, cancel and save in the header, the form unmounted when closed so it opens empty next time.
 */
export function FormDrawer(props: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  saving: boolean;
  onSave: () => void;
  /** the save button's data-testid; the cancel button gets the same prefix with `-close` */
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      title={props.title}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose} data-testid={`${props.testId}-close`}>
            {t("common.cancel")}
          </Button>
          <Button type="primary" loading={props.saving} onClick={props.onSave} data-testid={props.testId}>
            {t("common.save")}
          </Button>
        </Space>
      }
    >
      {props.children}
    </Drawer>
  );
}
