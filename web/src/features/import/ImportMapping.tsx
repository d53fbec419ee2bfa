import { Button, Form, Select, Space, Table, Typography } from "antd";
import { useTranslation } from "react-i18next";
import type { ImportPreview } from "../../api/types";
import { importFieldsFor, REQUIRED_IMPORT_FIELDS } from "./fields";

interface SampleRow {
  key: number;
  cells: string[];
}

interface Props {
  preview: ImportPreview;
  starting: boolean;
  onStart: (mapping: Record<string, string>) => void;
  onBack: () => void;
}

/** One select per lead field, pre-filled with the server's guess, beside a sample of the file's rows. */
export function ImportMapping({ preview, starting, onStart, onBack }: Props) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const fields = importFieldsFor(preview.suggestedMapping);
  const headerOptions = preview.headers.map((h) => ({ value: h, label: h }));
  const fieldLabel = (field: string) =>
    i18n.exists(`import.field.${field}`) ? t(`import.field.${field}`) : field;

  const submit = (values: Record<string, string | undefined>) => {
    // Unmapped fields are left out rather than sent empty: the server treats a named field as a column to read.
    const mapping: Record<string, string> = {};
    for (const [field, header] of Object.entries(values)) if (header) mapping[field] = header;
    onStart(mapping);
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Table<SampleRow>
        size="small"
        bordered
        pagination={false}
        scroll={{ x: true }}
        dataSource={preview.sampleRows.map((cells, index) => ({ key: index, cells }))}
        columns={preview.headers.map((header, index) => ({
          title: header,
          key: String(index),
          render: (_: unknown, row) => row.cells[index],
        }))}
        title={() => t("import.sample", { count: preview.sampleRows.length })}
        data-testid="import-sample"
      />
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 12 }}
        initialValues={preview.suggestedMapping}
        onFinish={submit}
        data-testid="import-mapping"
      >
        <Typography.Paragraph type="secondary">{t("import.mappingHint")}</Typography.Paragraph>
        {fields.map((field) => (
          <Form.Item
            key={field}
            name={field}
            label={fieldLabel(field)}
            rules={[
              { required: REQUIRED_IMPORT_FIELDS.includes(field), message: t("import.mappingRequired") },
            ]}
          >
            <Select
              allowClear
              options={headerOptions}
              placeholder={t("import.notMapped")}
              data-testid={`import-map-${field}`}
            />
          </Form.Item>
        ))}
        <Form.Item wrapperCol={{ offset: 6 }}>
          <Space>
            <Button onClick={onBack}>{t("common.back")}</Button>
            <Button type="primary" htmlType="submit" loading={starting} data-testid="import-start">
              {t("import.start")}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Space>
  );
}
