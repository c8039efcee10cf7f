using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupplierInvoiceCreditUses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "supplier_invoice_credit_uses_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "supplier_invoice_credit_uses",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<long>(type: "bigint", nullable: false),
                    credit_note_id = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_invoice_credit_uses", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_invoice_credit_uses_supplier_invoices_credit_note_",
                        column: x => x.credit_note_id,
                        principalSchema: "purchasing",
                        principalTable: "supplier_invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supplier_invoice_credit_uses_supplier_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "purchasing",
                        principalTable: "supplier_invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoice_credit_uses_credit_note_id",
                schema: "purchasing",
                table: "supplier_invoice_credit_uses",
                column: "credit_note_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoice_credit_uses_invoice_id",
                schema: "purchasing",
                table: "supplier_invoice_credit_uses",
                column: "invoice_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "supplier_invoice_credit_uses",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_invoice_credit_uses_hilo",
                schema: "purchasing");
        }
    }
}
