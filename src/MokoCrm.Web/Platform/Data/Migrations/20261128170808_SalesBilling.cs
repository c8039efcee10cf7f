using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class SalesBilling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "invoice_credit_uses_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "invoice_lines_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "invoices_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "payment_shares_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "payments_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "invoices",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    amount_settled = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credited_invoice_id = table.Column<long>(type: "bigint", nullable: true),
                    abandon_reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    abandon_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    total_excl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_vat = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_incl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    third_party_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    customer_contact_id = table.Column<long>(type: "bigint", nullable: true),
                    billing_contact_id = table.Column<long>(type: "bigint", nullable: true),
                    shipping_contact_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_term_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    validated_by_user_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invoices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "payments",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    third_party_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    bank_account_id = table.Column<long>(type: "bigint", nullable: false),
                    note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    reversal_of_id = table.Column<long>(type: "bigint", nullable: true),
                    reversed_by_id = table.Column<long>(type: "bigint", nullable: true),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invoice_credit_uses",
                schema: "sales",
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
                    table.PrimaryKey("pk_invoice_credit_uses", x => x.id);
                    table.ForeignKey(
                        name: "fk_invoice_credit_uses_invoices_credit_note_id",
                        column: x => x.credit_note_id,
                        principalSchema: "sales",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_invoice_credit_uses_invoices_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "sales",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invoice_lines",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    order_id = table.Column<long>(type: "bigint", nullable: true),
                    order_line_id = table.Column<long>(type: "bigint", nullable: true),
                    deducted_deposit_id = table.Column<long>(type: "bigint", nullable: true),
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
                    table.PrimaryKey("pk_invoice_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_invoice_lines_invoices_document_id",
                        column: x => x.document_id,
                        principalSchema: "sales",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "payment_shares",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    invoice_id = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payment_shares", x => x.id);
                    table.ForeignKey(
                        name: "fk_payment_shares_invoice_invoice_id",
                        column: x => x.invoice_id,
                        principalSchema: "sales",
                        principalTable: "invoices",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_payment_shares_payments_payment_id",
                        column: x => x.payment_id,
                        principalSchema: "sales",
                        principalTable: "payments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_credit_uses_credit_note_id",
                schema: "sales",
                table: "invoice_credit_uses",
                column: "credit_note_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_credit_uses_invoice_id",
                schema: "sales",
                table: "invoice_credit_uses",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_deducted_deposit_id",
                schema: "sales",
                table: "invoice_lines",
                column: "deducted_deposit_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_document_id_position",
                schema: "sales",
                table: "invoice_lines",
                columns: new[] { "document_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_order_id",
                schema: "sales",
                table: "invoice_lines",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoice_lines_order_line_id",
                schema: "sales",
                table: "invoice_lines",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_credited_invoice_id",
                schema: "sales",
                table: "invoices",
                column: "credited_invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_invoices_date_id",
                schema: "sales",
                table: "invoices",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_number",
                schema: "sales",
                table: "invoices",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_invoices_status_date_id",
                schema: "sales",
                table: "invoices",
                columns: new[] { "status", "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_status_due_date",
                schema: "sales",
                table: "invoices",
                columns: new[] { "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_third_party_id_date",
                schema: "sales",
                table: "invoices",
                columns: new[] { "third_party_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_invoices_third_party_id_status_date_id",
                schema: "sales",
                table: "invoices",
                columns: new[] { "third_party_id", "status", "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_payment_shares_invoice_id",
                schema: "sales",
                table: "payment_shares",
                column: "invoice_id");

            migrationBuilder.CreateIndex(
                name: "ix_payment_shares_payment_id",
                schema: "sales",
                table: "payment_shares",
                column: "payment_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_date_id",
                schema: "sales",
                table: "payments",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_payments_number",
                schema: "sales",
                table: "payments",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_payments_reversal_of_id",
                schema: "sales",
                table: "payments",
                column: "reversal_of_id");

            migrationBuilder.CreateIndex(
                name: "ix_payments_third_party_id_date",
                schema: "sales",
                table: "payments",
                columns: new[] { "third_party_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "invoice_credit_uses",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "invoice_lines",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "payment_shares",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "invoices",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "payments",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "invoice_credit_uses_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "invoice_lines_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "invoices_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "payment_shares_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "payments_hilo",
                schema: "sales");
        }
    }
}
