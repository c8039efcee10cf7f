using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "sales");

            migrationBuilder.CreateSequence(
                name: "order_lines_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "orders_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "proposal_lines_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "proposals_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "orders",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    billed = table.Column<bool>(type: "boolean", nullable: false),
                    proposal_id = table.Column<long>(type: "bigint", nullable: true),
                    delivery_date = table.Column<DateOnly>(type: "date", nullable: true),
                    customer_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
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
                    table.PrimaryKey("pk_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "proposals",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    validity_days = table.Column<int>(type: "integer", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: false),
                    lead_id = table.Column<long>(type: "bigint", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    close_note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
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
                    table.PrimaryKey("pk_proposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "order_lines",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    quantity_shipped = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    quantity_invoiced = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
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
                    table.PrimaryKey("pk_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_order_lines_orders_document_id",
                        column: x => x.document_id,
                        principalSchema: "sales",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proposal_lines",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
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
                    table.PrimaryKey("pk_proposal_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_proposal_lines_proposals_document_id",
                        column: x => x.document_id,
                        principalSchema: "sales",
                        principalTable: "proposals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_order_lines_document_id_position",
                schema: "sales",
                table: "order_lines",
                columns: new[] { "document_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_date_id",
                schema: "sales",
                table: "orders",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_number",
                schema: "sales",
                table: "orders",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_orders_proposal_id",
                schema: "sales",
                table: "orders",
                column: "proposal_id");

            migrationBuilder.CreateIndex(
                name: "ix_orders_status_date",
                schema: "sales",
                table: "orders",
                columns: new[] { "status", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_orders_third_party_id_date",
                schema: "sales",
                table: "orders",
                columns: new[] { "third_party_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_proposal_lines_document_id_position",
                schema: "sales",
                table: "proposal_lines",
                columns: new[] { "document_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_proposals_date_id",
                schema: "sales",
                table: "proposals",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_proposals_lead_id",
                schema: "sales",
                table: "proposals",
                column: "lead_id");

            migrationBuilder.CreateIndex(
                name: "ix_proposals_number",
                schema: "sales",
                table: "proposals",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_proposals_status_date",
                schema: "sales",
                table: "proposals",
                columns: new[] { "status", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_proposals_third_party_id_date",
                schema: "sales",
                table: "proposals",
                columns: new[] { "third_party_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "order_lines",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "proposal_lines",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "orders",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "proposals",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "order_lines_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "orders_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "proposal_lines_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "proposals_hilo",
                schema: "sales");
        }
    }
}
