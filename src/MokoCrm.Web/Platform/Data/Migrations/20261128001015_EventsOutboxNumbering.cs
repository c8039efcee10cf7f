using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class EventsOutboxNumbering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "numbering_masks_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "outbox_messages_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "numbering_counters",
                schema: "platform",
                columns: table => new
                {
                    prefix = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    fiscal_year = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_numbering_counters", x => new { x.prefix, x.fiscal_year });
                });

            migrationBuilder.CreateTable(
                name: "numbering_masks",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    document_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    mask = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_numbering_masks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_numbering_masks_document_type",
                schema: "platform",
                table: "numbering_masks",
                column: "document_type",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_due",
                schema: "platform",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "processed_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "numbering_counters",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "numbering_masks",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "outbox_messages",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "numbering_masks_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "outbox_messages_hilo",
                schema: "platform");
        }
    }
}
