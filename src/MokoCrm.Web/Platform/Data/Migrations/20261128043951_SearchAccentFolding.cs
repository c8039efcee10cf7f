using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class SearchAccentFolding : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .Annotation("Npgsql:PostgresExtension:unaccent", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            // The generated search_text columns below call it, so it exists before them (see SearchText.FoldFunction).
            migrationBuilder.Sql(MokoCrm.Web.Platform.Search.SearchText.CreateFoldFunctionSql);

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "third_parties",
                type: "text",
                nullable: true,
                computedColumnSql: "platform.search_fold(name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' || coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "lower(name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' || coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "leads",
                type: "text",
                nullable: true,
                computedColumnSql: "platform.search_fold(title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || coalesce(regexp_replace(contact_phone, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "lower(title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || coalesce(regexp_replace(contact_phone, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "contacts",
                type: "text",
                nullable: true,
                computedColumnSql: "platform.search_fold(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), '') || ' ' || coalesce(regexp_replace(mobile, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "lower(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), '') || ' ' || coalesce(regexp_replace(mobile, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,")
                .OldAnnotation("Npgsql:PostgresExtension:unaccent", ",,");

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "third_parties",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' || coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "platform.search_fold(name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' || coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "leads",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || coalesce(regexp_replace(contact_phone, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "platform.search_fold(title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || coalesce(regexp_replace(contact_phone, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);

            migrationBuilder.AlterColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "contacts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), '') || ' ' || coalesce(regexp_replace(mobile, '[^0-9+]', '', 'g'), ''))",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "platform.search_fold(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), '') || ' ' || coalesce(regexp_replace(mobile, '[^0-9+]', '', 'g'), ''))",
                oldStored: true);

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS platform.search_fold(text);");
        }
    }
}
