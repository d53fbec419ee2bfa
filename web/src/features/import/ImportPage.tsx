import { InboxOutlined } from "@ant-design/icons";
import { Alert, Card, Flex, Steps, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { usePreviewImport, useStartImport } from "../../api/imports";
import type { ImportJob } from "../../api/types";
import { useErrorText } from "../../shared/errors";
import { ImportHistory } from "./ImportHistory";
import { ImportMapping } from "./ImportMapping";
import { ImportProgress } from "./ImportProgress";

const ACCEPT = ".xlsx,.csv";

export default function ImportPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const preview = usePreviewImport();
  const start = useStartImport();
  const [file, setFile] = useState<File>();
  const [importId, setImportId] = useState<ImportJob["id"]>();

  const step = importId !== undefined ? 2 : preview.data && file ? 1 : 0;

  const reset = () => {
    setFile(undefined);
    setImportId(undefined);
    preview.reset();
    start.reset();
  };

  const choose = (chosen: File) => {
    setFile(chosen);
    preview.mutate(chosen);
    return false; // keep the file in the browser; it is sent twice (preview, then import) by our own calls
  };

  const begin = (mapping: Record<string, string>) => {
    if (!file) return;
    start.mutate({ file, mapping }, { onSuccess: ({ importId: id }) => setImportId(id) });
  };

  return (
    <Flex vertical gap={16}>
      <Card title={t("import.title")}>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t("import.stepUpload") },
            { title: t("import.stepMapping") },
            { title: t("import.stepProgress") },
          ]}
        />
        {step === 0 && (
          <Upload.Dragger
            accept={ACCEPT}
            multiple={false}
            showUploadList={false}
            beforeUpload={choose}
            disabled={preview.isPending}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{preview.isPending ? t("import.reading") : t("import.dropHint")}</p>
            <p style={{ color: "#8c8c8c" }}>{t("import.formats")}</p>
          </Upload.Dragger>
        )}
        {step === 1 && preview.data && (
          <ImportMapping preview={preview.data} starting={start.isPending} onStart={begin} onBack={reset} />
        )}
        {step === 2 && importId !== undefined && <ImportProgress importId={importId} onAgain={reset} />}
        {(preview.isError || start.isError) && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 16 }}
            title={errorText(preview.error ?? start.error)}
            data-testid="import-error"
          />
        )}
      </Card>
      <Card title={t("import.history")}>
        <ImportHistory />
      </Card>
    </Flex>
  );
}
