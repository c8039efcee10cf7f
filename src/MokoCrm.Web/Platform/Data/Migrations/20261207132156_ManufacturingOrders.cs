using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class ManufacturingOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "manufacturing_order_lines_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "manufacturing_orders_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "manufacturing_orders",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    bom_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    quantity_produced = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    consume_warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    produce_warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    validated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    validated_by = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_manufacturing_orders", x => x.id);
                    table.ForeignKey(
                        name: "fk_manufacturing_orders_boms_bom_id",
                        column: x => x.bom_id,
                        principalSchema: "stock",
                        principalTable: "boms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_manufacturing_orders_warehouse_consume_warehouse_id",
                        column: x => x.consume_warehouse_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_manufacturing_orders_warehouse_produce_warehouse_id",
                        column: x => x.produce_warehouse_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "manufacturing_order_lines",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    manufacturing_order_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    quantity_planned = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    quantity_consumed = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_manufacturing_order_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_manufacturing_order_lines_manufacturing_orders_manufacturin",
                        column: x => x.manufacturing_order_id,
                        principalSchema: "stock",
                        principalTable: "manufacturing_orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_order_lines_manufacturing_order_id_product_id",
                schema: "stock",
                table: "manufacturing_order_lines",
                columns: new[] { "manufacturing_order_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_order_lines_product_id",
                schema: "stock",
                table: "manufacturing_order_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_bom_id",
                schema: "stock",
                table: "manufacturing_orders",
                column: "bom_id");

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_consume_warehouse_id",
                schema: "stock",
                table: "manufacturing_orders",
                column: "consume_warehouse_id");

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_number",
                schema: "stock",
                table: "manufacturing_orders",
                column: "number",
                unique: true,
                filter: "number IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_produce_warehouse_id",
                schema: "stock",
                table: "manufacturing_orders",
                column: "produce_warehouse_id");

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_product_id_status",
                schema: "stock",
                table: "manufacturing_orders",
                columns: new[] { "product_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_manufacturing_orders_status",
                schema: "stock",
                table: "manufacturing_orders",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "manufacturing_order_lines",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "manufacturing_orders",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "manufacturing_order_lines_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "manufacturing_orders_hilo",
                schema: "stock");
        }
    }
}
