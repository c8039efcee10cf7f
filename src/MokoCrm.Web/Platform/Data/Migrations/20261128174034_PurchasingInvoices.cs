using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class PurchasingInvoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "supplier_invoice_lines_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "supplier_invoices_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "supplier_payment_shares_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "supplier_payments_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "supplier_invoices",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    supplier_id = table.Column<long>(type: "bigint", nullable: false),
                    supplier_invoice_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    payment_term_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount_settled = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credited_invoice_id = table.Column<long>(type: "bigint", nullable: true),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    validated_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    total_excl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_vat = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_incl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_invoices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supplier_payments",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    supplier_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    bank_account_id = table.Column<long>(type: "bigint", nullable: false),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reverses_payment_id = table.Column<long>(type: "bigint", nullable: true),
                    reversed_by_payment_id = table.Column<long>(type: "bigint", nullable: true),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_payments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supplier_invoice_lines",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    is_service = table.Column<bool>(type: "boolean", nullable: false),
                    order_id = table.Column<long>(type: "bigint", nullable: true),
                    order_line_id = table.Column<long>(type: "bigint", nullable: true),
                    reception_id = table.Column<long>(type: "bigint", nullable: true),
                    reception_line_id = table.Column<long>(type: "bigint", nullable: true),
                    document_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    product_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    price_basis = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    unit_price_incl_tax = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true),
                    discount_percent = table.Column<decimal>(type: "numeric(9,5)", precision: 9, scale: 5, nullable: false),
                    vat_rate_percent = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    service_start = table.Column<DateOnly>(type: "date", nullable: true),
                    service_end = table.Column<DateOnly>(type: "date", nullable: true),
                    account_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    total_excl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_vat = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_incl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_invoice_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_invoice_lines_supplier_invoices_document_id",
                        column: x => x.document_id,
                        principalSchema: "purchasing",
                        principalTable: "supplier_invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supplier_payment_shares",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_payment_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_payment_shares_supplier_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "purchasing",
                        principalTable: "supplier_invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_supplier_payment_shares_supplier_payments_payment_id",
                        column: x => x.payment_id,
                        principalSchema: "purchasing",
                        principalTable: "supplier_payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoice_lines_document_id_position",
                schema: "purchasing",
                table: "supplier_invoice_lines",
                columns: new[] { "document_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoice_lines_order_line_id",
                schema: "purchasing",
                table: "supplier_invoice_lines",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoice_lines_reception_line_id",
                schema: "purchasing",
                table: "supplier_invoice_lines",
                column: "reception_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoices_credited_invoice_id",
                schema: "purchasing",
                table: "supplier_invoices",
                column: "credited_invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoices_date_id",
                schema: "purchasing",
                table: "supplier_invoices",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoices_number",
                schema: "purchasing",
                table: "supplier_invoices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoices_status_due_date",
                schema: "purchasing",
                table: "supplier_invoices",
                columns: new[] { "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_invoices_supplier_id_supplier_invoice_number",
                schema: "purchasing",
                table: "supplier_invoices",
                columns: new[] { "supplier_id", "supplier_invoice_number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payment_shares_invoice_id",
                schema: "purchasing",
                table: "supplier_payment_shares",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payment_shares_payment_id",
                schema: "purchasing",
                table: "supplier_payment_shares",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payments_date_id",
                schema: "purchasing",
                table: "supplier_payments",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payments_number",
                schema: "purchasing",
                table: "supplier_payments",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payments_reverses_payment_id",
                schema: "purchasing",
                table: "supplier_payments",
                column: "reverses_payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_supplier_payments_supplier_id_date",
                schema: "purchasing",
                table: "supplier_payments",
                columns: new[] { "supplier_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "supplier_invoice_lines",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "supplier_payment_shares",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "supplier_invoices",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "supplier_payments",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_invoice_lines_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_invoices_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_payment_shares_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_payments_hilo",
                schema: "purchasing");
        }
    }
}
