using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Purchasing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "purchasing");

            migrationBuilder.CreateSequence(
                name: "purchase_order_lines_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "purchase_orders_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "purchasing_settings_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "reception_lines_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "receptions_hilo",
                schema: "purchasing",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "supplier_prices_hilo",
                schema: "products",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "purchase_orders",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    supplier_id = table.Column<long>(type: "bigint", nullable: false),
                    contact_id = table.Column<long>(type: "bigint", nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    delivery_date = table.Column<DateOnly>(type: "date", nullable: true),
                    supplier_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    payment_term_id = table.Column<long>(type: "bigint", nullable: true),
                    payment_method_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    billed = table.Column<bool>(type: "boolean", nullable: false),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    validated_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    first_approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    first_approved_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    approved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    approved_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    refused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    refused_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    refusal_reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ordered_on = table.Column<DateOnly>(type: "date", nullable: true),
                    order_method = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    total_excl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_vat = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    total_incl_tax = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchase_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "purchasing_settings",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    second_approval_above = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    forbid_self_approval = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_purchasing_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supplier_prices",
                schema: "products",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    supplier_id = table.Column<long>(type: "bigint", nullable: false),
                    supplier_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    unit_price = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    minimum_quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supplier_prices", x => x.id);
                    table.ForeignKey(
                        name: "fk_supplier_prices_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "products",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "purchase_order_lines",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    supplier_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    is_service = table.Column<bool>(type: "boolean", nullable: false),
                    quantity_received = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    quantity_billed = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
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
                    table.PrimaryKey("pk_purchase_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_purchase_order_lines_purchase_orders_document_id",
                        column: x => x.document_id,
                        principalSchema: "purchasing",
                        principalTable: "purchase_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "receptions",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    purchase_order_id = table.Column<long>(type: "bigint", nullable: false),
                    supplier_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    validated_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_receptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_receptions_purchase_orders_purchase_order_id",
                        column: x => x.purchase_order_id,
                        principalSchema: "purchasing",
                        principalTable: "purchase_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "reception_lines",
                schema: "purchasing",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    reception_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    order_line_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: true),
                    product_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    is_service = table.Column<bool>(type: "boolean", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    warehouse_id = table.Column<long>(type: "bigint", nullable: true),
                    unit_cost = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    quantity_billed = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_reception_lines_receptions_reception_id",
                        column: x => x.reception_id,
                        principalSchema: "purchasing",
                        principalTable: "receptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_order_lines_document_id_position",
                schema: "purchasing",
                table: "purchase_order_lines",
                columns: new[] { "document_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_order_lines_product_id",
                schema: "purchasing",
                table: "purchase_order_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_date_id",
                schema: "purchasing",
                table: "purchase_orders",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_number",
                schema: "purchasing",
                table: "purchase_orders",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_status_date",
                schema: "purchasing",
                table: "purchase_orders",
                columns: new[] { "status", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_purchase_orders_supplier_id_date",
                schema: "purchasing",
                table: "purchase_orders",
                columns: new[] { "supplier_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_reception_lines_order_line_id",
                schema: "purchasing",
                table: "reception_lines",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_reception_lines_reception_id_position",
                schema: "purchasing",
                table: "reception_lines",
                columns: new[] { "reception_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_receptions_date_id",
                schema: "purchasing",
                table: "receptions",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_receptions_number",
                schema: "purchasing",
                table: "receptions",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_receptions_purchase_order_id",
                schema: "purchasing",
                table: "receptions",
                column: "purchase_order_id");

            migrationBuilder.CreateIndex(
                name: "ix_receptions_supplier_id_date",
                schema: "purchasing",
                table: "receptions",
                columns: new[] { "supplier_id", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_supplier_prices_product_id_supplier_id_minimum_quantity",
                schema: "products",
                table: "supplier_prices",
                columns: new[] { "product_id", "supplier_id", "minimum_quantity" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_supplier_prices_supplier_id",
                schema: "products",
                table: "supplier_prices",
                column: "supplier_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "purchase_order_lines",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "purchasing_settings",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "reception_lines",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "supplier_prices",
                schema: "products");

            migrationBuilder.DropTable(
                name: "receptions",
                schema: "purchasing");

            migrationBuilder.DropTable(
                name: "purchase_orders",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "purchase_order_lines_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "purchase_orders_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "purchasing_settings_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "reception_lines_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "receptions_hilo",
                schema: "purchasing");

            migrationBuilder.DropSequence(
                name: "supplier_prices_hilo",
                schema: "products");
        }
    }
}
