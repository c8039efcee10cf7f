using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class ManufacturingBoms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "bom_lines_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "boms_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "boms",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    validated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    validated_by = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_boms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bom_lines",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    bom_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    quantity = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    loss_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bom_lines", x => x.id);
                    table.ForeignKey(
                        name: "fk_bom_lines_boms_bom_id",
                        column: x => x.bom_id,
                        principalSchema: "stock",
                        principalTable: "boms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bom_lines_bom_id_product_id",
                schema: "stock",
                table: "bom_lines",
                columns: new[] { "bom_id", "product_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_bom_lines_product_id",
                schema: "stock",
                table: "bom_lines",
                column: "product_id");

            migrationBuilder.CreateIndex(
                name: "ix_boms_product_id",
                schema: "stock",
                table: "boms",
                column: "product_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bom_lines",
                schema: "stock");

            migrationBuilder.DropTable(
                name: "boms",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "bom_lines_hilo",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "boms_hilo",
                schema: "stock");
        }
    }
}
