import { Button, Table, Tag } from "antd";
import { useTranslation } from "react-i18next";
import { importErrorsUrl, useImports } from "../../api/imports";
import type { ImportJob, ImportStatus } from "../../api/types";
import { formatInstant } from "../../shared/format";

const STATUS_COLOURS: Record<ImportStatus, string> = {
  queued: "default",
  running: "processing",
  done: "success",
  failed: "error",
};

export function ImportHistory() {
  const { t } = useTranslation();
  const imports = useImports();
  return (
    <Table<ImportJob>
      size="small"
      rowKey={(j) => String(j.id)}
      loading={imports.isFetching}
      dataSource={imports.data?.items ?? []}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      data-testid="import-history"
      columns={[
        { title: t("import.fileName"), dataIndex: "fileName" },
        {
          title: t("import.status"),
          dataIndex: "status",
          render: (s: ImportStatus) => <Tag color={STATUS_COLOURS[s]}>{t(`import.statusName.${s}`)}</Tag>,
        },
        { title: t("import.total"), dataIndex: "total" },
        { title: t("import.created"), dataIndex: "created" },
        { title: t("import.merged"), dataIndex: "merged" },
        { title: t("import.failed"), dataIndex: "failed" },
        {
          title: t("import.startedAt"),
          dataIndex: "createdAt",
          className: "nowrap",
          render: (v: string) => formatInstant(v),
        },
        {
          title: t("import.finishedAt"),
          dataIndex: "finishedAt",
          className: "nowrap",
          render: (v: string | null) => formatInstant(v),
        },
        {
          title: "",
          key: "errors",
          render: (_: unknown, j) =>
            j.failed > 0 ? (
              <Button size="small" type="link" href={importErrorsUrl(j.id)} download>
                {t("import.errorReport")}
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
