using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class GlobalSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "third_parties",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' || coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), ''))",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "leads",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || coalesce(regexp_replace(contact_phone, '[^0-9+]', '', 'g'), ''))",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "search_text",
                schema: "crm",
                table: "contacts",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9+]', '', 'g'), '') || ' ' || coalesce(regexp_replace(mobile, '[^0-9+]', '', 'g'), ''))",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_third_parties_search_text",
                schema: "crm",
                table: "third_parties",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_leads_search_text",
                schema: "crm",
                table: "leads",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_contacts_search_text",
                schema: "crm",
                table: "contacts",
                column: "search_text")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_third_parties_search_text",
                schema: "crm",
                table: "third_parties");

            migrationBuilder.DropIndex(
                name: "ix_leads_search_text",
                schema: "crm",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "ix_contacts_search_text",
                schema: "crm",
                table: "contacts");

            migrationBuilder.DropColumn(
                name: "search_text",
                schema: "crm",
                table: "third_parties");

            migrationBuilder.DropColumn(
                name: "search_text",
                schema: "crm",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "search_text",
                schema: "crm",
                table: "contacts");
        }
    }
}
