import { DownloadOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { leadsExportUrl, useLeads, useReleaseLeads } from "../../api/leads";
import { useStores } from "../../api/stores";
import type { Id, Lead } from "../../api/types";
import { useCan, useSession } from "../../app/auth";
import { DueCell } from "../../shared/DueCell";
import { useErrorText } from "../../shared/errors";
import { formatInstant } from "../../shared/format";
import { LevelTag } from "../../shared/LevelTag";
import { testId } from "../../shared/testId";
import { AssignModal } from "./AssignModal";
import { LeadFilterBar } from "./LeadFilterBar";
import { NewLeadDrawer } from "./NewLeadDrawer";
import { PAGE_SIZES, useLeadFilters } from "./useLeadFilters";
import { useCanAssign, useCanPickOwner } from "./useOwnerOptions";

function useColumns(): ColumnsType<Lead> {
  const { t } = useTranslation();
  const me = useSession();
  // The group admin's list spans stores, so each row says which one.
  const acrossStores = me.user.storeId === null;
  const stores = useStores(acrossStores);
  const storeName = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
  const storeColumn: ColumnsType<Lead> = acrossStores
    ? [
        {
          title: t("leads.field.store"),
          dataIndex: "storeId",
          width: 140,
          render: (id: Id) => storeName.get(id) ?? `#${id}`,
        },
      ]
    : [];
  return [
    ...storeColumn,
    {
      title: t("leads.field.name"),
      dataIndex: "name",
      render: (name: string, lead) => <Link to={`/leads/${lead.id}`}>{name}</Link>,
    },
    { title: t("leads.field.phone"), dataIndex: "phone", width: 130 },
    {
      title: t("leads.field.level"),
      dataIndex: "level",
      width: 70,
      render: (_: unknown, lead) => <LevelTag level={lead.level} />,
    },
    {
      title: t("leads.field.state"),
      dataIndex: "state",
      width: 110,
      render: (_: unknown, lead) => (
        <Space size={4}>
          {t(`state.${lead.state}`)}
          {lead.inPool && <Tag color="purple">{t("leads.badge.pool")}</Tag>}
        </Space>
      ),
    },
    {
      title: t("leads.field.intendedModel"),
      dataIndex: "intendedModel",
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("leads.field.source"),
      dataIndex: "source",
      width: 90,
      render: (_: unknown, lead) => t(`source.${lead.source}`),
    },
    {
      title: t("leads.field.owner"),
      dataIndex: "ownerName",
      width: 110,
      render: (v: string | null) => v ?? "—",
    },
    {
      title: t("leads.field.dueAt"),
      dataIndex: "dueAt",
      width: 260,
      render: (_: unknown, lead) => <DueCell lead={lead} />,
    },
    {
      title: t("leads.field.createdAt"),
      dataIndex: "createdAt",
      width: 150,
      className: "nowrap",
      render: (v: string) => formatInstant(v),
    },
  ];
}

export default function LeadListPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSession();
  const can = useCan();
  const errorText = useErrorText();
  const { filters, page, pageSize, setFilters, setPage } = useLeadFilters();
  const leads = useLeads(filters, page, pageSize);
  const release = useReleaseLeads();
  const columns = useColumns();
  // The rows themselves, not only their ids: the selection survives paging, and assigning needs each lead's
  // store (the owner list is per store) and owner (reception may hand out unowned leads only).
  const [selectedLeads, setSelectedLeads] = useState<Lead[]>([]);
  const selected = selectedLeads.map((l) => l.id);
  const clearSelection = () => setSelectedLeads([]);
  const [assignOpen, setAssignOpen] = useState(false);
  const [newOpen, setNewOpen] = useState(false);
  const canPickOwner = useCanPickOwner();
  const canAssign = useCanAssign();
  const canRelease = can("lead.release");
  const bulk = canPickOwner || canRelease;
  const selectedStores = new Set(selectedLeads.map((l) => l.storeId));
  const bulkStoreId = selectedStores.size === 1 ? selectedLeads[0]?.storeId : undefined;
  const bulkAssignable = selectedLeads.every(canAssign) && selectedStores.size === 1;

  const releaseSelected = () =>
    release.mutate(selected, {
      onSuccess: () => {
        message.success(t("leads.release.done", { count: selected.length }));
        clearSelection();
      },
      onError: (error) => message.error(errorText(error)),
    });

  return (
    <Card
      title={t("leads.title")}
      extra={
        <Space>
          {can("lead.export") && (
            <Button
              icon={<DownloadOutlined />}
              href={leadsExportUrl(filters)}
              download
              data-testid="lead-export"
            >
              {t("leads.export")}
            </Button>
          )}
          {can("lead.create") && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setNewOpen(true)}
              data-testid="lead-new"
            >
              {t("leads.new.button")}
            </Button>
          )}
        </Space>
      }
    >
      <Flex vertical gap={12}>
        <LeadFilterBar
          filters={filters}
          onChange={(next) => {
            clearSelection();
            setFilters(next);
          }}
        />
        {bulk && selected.length > 0 && (
          <Space data-testid="lead-bulk-bar">
            <Typography.Text>{t("leads.selected", { count: selected.length })}</Typography.Text>
            {canPickOwner && (
              <Tooltip title={bulkAssignable ? undefined : t("leads.assign.notAssignable")}>
                <Button
                  disabled={!bulkAssignable}
                  onClick={() => setAssignOpen(true)}
                  data-testid="lead-bulk-assign"
                >
                  {t("leads.assign.button")}
                </Button>
              </Tooltip>
            )}
            {canRelease && (
              <Popconfirm
                title={t("leads.release.confirm", { count: selected.length })}
                onConfirm={releaseSelected}
              >
                <Button loading={release.isPending} data-testid="lead-bulk-release">
                  {t("leads.release.button")}
                </Button>
              </Popconfirm>
            )}
            <Button type="link" onClick={clearSelection}>
              {t("common.clearSelection")}
            </Button>
          </Space>
        )}
        {leads.isError && <Typography.Text type="danger">{errorText(leads.error)}</Typography.Text>}
        <Table<Lead>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={leads.data?.items ?? []}
          loading={leads.isFetching}
          onRow={(lead) => testId(`lead-row-${lead.id}`)}
          rowSelection={
            bulk
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys, rows) => {
                    const ids = keys.map(Number);
                    // Rows of other pages are not in `rows`; keep the ones already known.
                    setSelectedLeads((prev) => {
                      const known = new Map([...prev, ...rows.filter(Boolean)].map((l) => [l.id, l]));
                      return ids.flatMap((id) => known.get(id) ?? []);
                    });
                  },
                  // Reception may only hand out unowned leads and cannot release: owned rows offer nothing.
                  getCheckboxProps: (lead) => ({ disabled: !canRelease && !canAssign(lead) }),
                  preserveSelectedRowKeys: true,
                }
              : undefined
          }
          pagination={{
            current: page,
            pageSize,
            total: leads.data?.total ?? 0,
            pageSizeOptions: PAGE_SIZES,
            showSizeChanger: true,
            showTotal: (total) => t("common.total", { count: total }),
            onChange: setPage,
          }}
          // One column more (the store) for the group admin.
          scroll={{ x: me.user.storeId === null ? 1250 : 1100 }}
        />
      </Flex>
      <NewLeadDrawer open={newOpen} onClose={() => setNewOpen(false)} />
      <AssignModal
        open={assignOpen}
        leadIds={selected}
        storeId={bulkStoreId}
        onClose={(assigned) => {
          setAssignOpen(false);
          if (assigned) clearSelection();
        }}
      />
    </Card>
  );
}
