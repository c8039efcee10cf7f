using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class StockMovements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "inventories_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "inventory_lines_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "product_valuations_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "stock_movements_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "stock_settings_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.AddColumn<decimal>(
                name: "stock_alert_level",
                schema: "products",
                table: "products",
                type: "numeric(18,5)",
                precision: 18,
                scale: 5,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "inventories",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    validated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    validated_by = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inventories", x => x.id);
                    table.ForeignKey(
                        name: "fk_inventories_warehouse_warehouse_id",
                        column: x => x.warehouse_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "product_valuations",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    total_quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    average_cost = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_product_valuations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stock_levels",
                schema: "stock",
                columns: table => new
                {
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_levels", x => new { x.product_id, x.warehouse_id });
                    table.ForeignKey(
                        name: "fk_stock_levels_warehouse_warehouse_id",
                        column: x => x.warehouse_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stock_movements",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    origin_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    origin_id = table.Column<long>(type: "bigint", nullable: true),
                    project_id = table.Column<long>(type: "bigint", nullable: true),
                    user_id = table.Column<long>(type: "bigint", nullable: true),
                    transfer_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_movements", x => x.id);
                    table.ForeignKey(
                        name: "fk_stock_movements_warehouse_warehouse_id",
                        column: x => x.warehouse_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stock_settings",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    decrease_on = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    increase_on = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    allow_negative_stock = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stock_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inventory_lines",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    inventory_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    counted = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true),
                    expected = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inventory_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_inventory_lines_inventories_inventory_id",
                        column: x => x.inventory_id,
                        principalSchema: "stock",
                        principalTable: "inventories",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inventories_warehouse_id",
                schema: "stock",
                table: "inventories",
                column: "warehouse_id");

            migrationBuilder.CreateIndex(
                name: "ix_inventory_lines_inventory_id_product_id",
                schema: "stock",
                table: "inventory_lines",
                columns: new[] { "inventory_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_product_valuations_product_id",
                schema: "stock",
                table: "product_valuations",
                column: "product_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_stock_levels_warehouse_id",
                schema: "stock",
                table: "stock_levels",
                column: "warehouse_id");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_date_id",
                schema: "stock",
                table: "stock_movements",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_origin_type_origin_id",
                schema: "stock",
                table: "stock_movements",
                columns: new[] { "origin_type", "origin_id" },
                filter: "origin_type IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_product_id_id",
                schema: "stock",
                table: "stock_movements",
                columns: new[] { "product_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_transfer_code",
                schema: "stock",
                table: "stock_movements",
                column: "transfer_code",
                filter: "transfer_code IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_stock_movements_warehouse_id_id",
                schema: "stock",
                table: "stock_movements",
                columns: new[] { "warehouse_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inventory_lines",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "product_valuations",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "stock_levels",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "stock_movements",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "stock_settings",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "inventories",
                schema: "stock");

            migrationBuilder.DropColumn(
                name: "stock_alert_level",
                schema: "products",
                table: "products");

            migrationBuilder.DropSequence(
                name: "inventories_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "inventory_lines_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "product_valuations_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "stock_movements_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "stock_settings_hilo",
                schema: "stock");
        }
    }
}
