using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class Shipments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "automation_settings_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "shipment_lines_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "shipments_hilo",
                schema: "sales",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "automation_settings",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automation_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shipments",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    order_id = table.Column<long>(type: "bigint", nullable: false),
                    third_party_id = table.Column<long>(type: "bigint", nullable: false),
                    shipping_contact_id = table.Column<long>(type: "bigint", nullable: true),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    planned_delivery = table.Column<DateOnly>(type: "date", nullable: true),
                    carrier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    tracking_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    validated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    validated_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shipments", x => x.id);
                    table.ForeignKey(
                        name: "fk_shipments_orders_order_id",
                        column: x => x.order_id,
                        principalSchema: "sales",
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shipment_lines",
                schema: "sales",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    shipment_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    order_line_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    product_reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    warehouse_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_shipment_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_shipment_lines_shipments_shipment_id",
                        column: x => x.shipment_id,
                        principalSchema: "sales",
                        principalTable: "shipments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_automation_settings_key",
                schema: "sales",
                table: "automation_settings",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_shipment_lines_order_line_id",
                schema: "sales",
                table: "shipment_lines",
                column: "order_line_id");

            migrationBuilder.CreateIndex(
                name: "ix_shipment_lines_product_id",
                schema: "sales",
                table: "shipment_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_shipment_lines_shipment_id",
                schema: "sales",
                table: "shipment_lines",
                column: "shipment_id");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_date_id",
                schema: "sales",
                table: "shipments",
                columns: new[] { "date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_shipments_number",
                schema: "sales",
                table: "shipments",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_shipments_order_id",
                schema: "sales",
                table: "shipments",
                column: "order_id");

            migrationBuilder.CreateIndex(
                name: "ix_shipments_status_date",
                schema: "sales",
                table: "shipments",
                columns: new[] { "status", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_shipments_third_party_id_date",
                schema: "sales",
                table: "shipments",
                columns: new[] { "third_party_id", "date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automation_settings",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "shipment_lines",
                schema: "sales");

            migrationBuilder.DropTable(
                name: "shipments",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "automation_settings_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "shipment_lines_hilo",
                schema: "sales");

            migrationBuilder.DropSequence(
                name: "shipments_hilo",
                schema: "sales");
        }
    }
}
