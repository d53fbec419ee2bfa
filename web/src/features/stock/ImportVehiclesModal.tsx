import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Flex, Modal, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isApiError } from "../../api/client";
import { type ImportResult, useImportVehicles } from "../../api/stock";
import type { Id } from "../../api/types";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { testId } from "../../shared/testId";

/** Arrivals by .xlsx (整车批量入库): all rows or none; the rows at fault are listed to fix the file. */
export function ImportVehiclesModal({
  open,
  onClose,
  storeId,
}: {
  open: boolean;
  onClose: () => void;
  storeId?: Id;
}) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const run = useImportVehicles();
  const close = () => {
    setFile(null);
    run.reset();
    onClose();
  };
  // a refused file answers 422 rows_invalid with the rows in the details
  const refused =
    run.error && isApiError(run.error, "rows_invalid") ? (run.error.details as ImportResult) : undefined;

  return (
    <Modal
      open={open}
      title={t("stock.import.title")}
      onCancel={close}
      width={720}
      destroyOnHidden
      footer={[
        <Button key="close" onClick={close}>
          {t("common.cancel")}
        </Button>,
        <Button
          key="start"
          type="primary"
          disabled={!file || run.isSuccess}
          loading={run.isPending}
          onClick={() => file && run.mutate({ file, storeId })}
          {...testId("stock-import-start")}
        >
          {t("stock.import.start")}
        </Button>,
      ]}
    >
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("stock.import.hint")}
        </Typography.Paragraph>
        <Typography.Text strong>{t("stock.import.allOrNothing")}</Typography.Text>
        <Upload
          accept=".xlsx"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            run.reset();
            // read here and sent with the form, not uploaded by the component
            return false;
          }}
          onRemove={() => {
            setFile(null);
            run.reset();
          }}
          fileList={file ? [{ uid: "file", name: file.name, status: "done" }] : []}
        >
          <Button icon={<UploadOutlined />} data-testid="stock-import-file">
            {t("stock.import.pick")}
          </Button>
        </Upload>
        {run.isSuccess && (
          <Alert
            type="success"
            showIcon
            title={t("stock.import.done", { count: run.data.created })}
            data-testid="stock-import-done"
          />
        )}
        {refused && (
          <>
            <Alert
              type="error"
              showIcon
              title={t("stock.import.failed", { count: refused.failed })}
              data-testid="stock-import-failed"
            />
            <Table
              size="small"
              rowKey={(e) => `${e.row}-${e.reason}`}
              dataSource={refused.errors}
              pagination={refused.errors.length > 10 ? { pageSize: 10 } : false}
              columns={[
                { title: t("stock.import.row"), dataIndex: "row", width: 70 },
                { title: t("stock.import.reason"), dataIndex: "reason" },
              ]}
            />
          </>
        )}
        {run.error && !refused && <ErrorAlert error={run.error} testId="stock-import-error" />}
      </Flex>
    </Modal>
  );
}
