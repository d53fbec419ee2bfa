import { DownloadOutlined } from "@ant-design/icons";
import { Alert, Button, Descriptions, Progress, Space, Spin } from "antd";
import { useTranslation } from "react-i18next";
import { importErrorsUrl, useImportJob } from "../../api/imports";
import type { ImportJob } from "../../api/types";
import { useErrorText } from "../../shared/errors";

function percentOf(job: ImportJob): number {
  if (job.status === "done") return 100;
  return job.total > 0 ? Math.floor((job.processed / job.total) * 100) : 0;
}

export function ImportProgress({ importId, onAgain }: { importId: ImportJob["id"]; onAgain: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const job = useImportJob(importId);

  if (job.isPending) return <Spin />;
  if (job.isError) return <Alert type="error" showIcon title={errorText(job.error)} />;

  const data = job.data;
  const finished = data.status === "done" || data.status === "failed";
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="import-progress">
      <Progress
        percent={percentOf(data)}
        status={data.status === "failed" ? "exception" : finished ? "success" : "active"}
        data-testid="import-progress-bar"
      />
      {data.duplicateOf !== null && (
        <Alert type="warning" showIcon title={t("import.duplicateOf", { id: data.duplicateOf })} />
      )}
      <Descriptions
        size="small"
        column={{ xs: 2, md: 5 }}
        items={[
          {
            key: "status",
            label: t("import.status"),
            children: <span data-testid="import-status">{t(`import.statusName.${data.status}`)}</span>,
          },
          { key: "processed", label: t("import.processed"), children: `${data.processed} / ${data.total}` },
          {
            key: "created",
            label: t("import.created"),
            children: <span data-testid="import-created">{data.created}</span>,
          },
          {
            key: "merged",
            label: t("import.merged"),
            children: <span data-testid="import-merged">{data.merged}</span>,
          },
          {
            key: "failed",
            label: t("import.failed"),
            children: <span data-testid="import-failed">{data.failed}</span>,
          },
        ]}
      />
      <Space>
        {finished && data.failed > 0 && (
          <Button
            icon={<DownloadOutlined />}
            href={importErrorsUrl(data.id)}
            download
            data-testid="import-errors"
          >
            {t("import.errorReport")}
          </Button>
        )}
        {finished && (
          <Button type="primary" onClick={onAgain} data-testid="import-again">
            {t("import.again")}
          </Button>
        )}
      </Space>
    </Space>
  );
}
