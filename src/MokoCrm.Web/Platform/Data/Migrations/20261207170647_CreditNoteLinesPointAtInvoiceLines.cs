using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class CreditNoteLinesPointAtInvoiceLines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "credited_line_id",
                schema: "sales",
                table: "invoice_lines",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_credited_line_id",
                schema: "sales",
                table: "invoice_lines",
                column: "credited_line_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_invoice_lines_credited_line_id",
                schema: "sales",
                table: "invoice_lines");

            migrationBuilder.DropColumn(
                name: "credited_line_id",
                schema: "sales",
                table: "invoice_lines");
        }
    }
}
