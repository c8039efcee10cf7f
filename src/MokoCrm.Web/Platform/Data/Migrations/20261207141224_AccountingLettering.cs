using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountingLettering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "letterings_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "settlement_shares_hilo",
                schema: "accounting",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "letterings",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    subledger = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    code = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    automatic = table.Column<bool>(type: "boolean", nullable: false),
                    created_by_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_letterings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "settlement_shares",
                schema: "accounting",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    payment_source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    payment_id = table.Column<long>(type: "bigint", nullable: false),
                    invoice_source = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    invoice_id = table.Column<long>(type: "bigint", nullable: false),
                    amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_settlement_shares", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lettered_lines",
                schema: "accounting",
                columns: table => new
                {
                    entry_line_id = table.Column<long>(type: "bigint", nullable: false),
                    lettering_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lettered_lines", x => x.entry_line_id);
                    table.ForeignKey(
                        name: "fk_lettered_lines_entry_lines_entry_line_id",
                        column: x => x.entry_line_id,
                        principalSchema: "accounting",
                        principalTable: "entry_lines",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lettered_lines_lettering_lettering_id",
                        column: x => x.lettering_id,
                        principalSchema: "accounting",
                        principalTable: "letterings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lettered_lines_lettering_id",
                schema: "accounting",
                table: "lettered_lines",
                column: "lettering_id");

            migrationBuilder.CreateIndex(
                name: "ix_letterings_account_number_subledger_code",
                schema: "accounting",
                table: "letterings",
                columns: new[] { "account_number", "subledger", "code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_settlement_shares_invoice_source_invoice_id",
                schema: "accounting",
                table: "settlement_shares",
                columns: new[] { "invoice_source", "invoice_id" });

            migrationBuilder.CreateIndex(
                name: "ix_settlement_shares_payment_source_payment_id",
                schema: "accounting",
                table: "settlement_shares",
                columns: new[] { "payment_source", "payment_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lettered_lines",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "settlement_shares",
                schema: "accounting");

            migrationBuilder.DropTable(
                name: "letterings",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "letterings_hilo",
                schema: "accounting");

            migrationBuilder.DropSequence(
                name: "settlement_shares_hilo",
                schema: "accounting");
        }
    }
}
