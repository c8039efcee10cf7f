using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditNotesTagsLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "audit_entries_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "record_links_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "record_notes_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "tag_assignments_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "tags_hilo",
                schema: "platform",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "audit_entries",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    record_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: true),
                    user_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    changes = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_links",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    source_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    source_id = table.Column<long>(type: "bigint", nullable: false),
                    target_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    target_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<long>(type: "bigint", nullable: true),
                    created_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "record_notes",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    record_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    public_note = table.Column<string>(type: "text", nullable: true),
                    private_note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tags",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    color = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tags", x => x.id);
                    table.ForeignKey(
                        name: "fk_tags_tags_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "platform",
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tag_assignments",
                schema: "platform",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    record_id = table.Column<long>(type: "bigint", nullable: false),
                    tag_id = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tag_assignments", x => x.id);
                    table.ForeignKey(
                        name: "fk_tag_assignments_tag_tag_id",
                        column: x => x.tag_id,
                        principalSchema: "platform",
                        principalTable: "tags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_record_type_record_id_occurred_at_id",
                schema: "platform",
                table: "audit_entries",
                columns: new[] { "record_type", "record_id", "occurred_at", "id" },
                descending: new[] { false, false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_record_links_source_type_source_id_target_type_target_id",
                schema: "platform",
                table: "record_links",
                columns: new[] { "source_type", "source_id", "target_type", "target_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_record_links_target_type_target_id_source_type_source_id",
                schema: "platform",
                table: "record_links",
                columns: new[] { "target_type", "target_id", "source_type", "source_id" });

            migrationBuilder.CreateIndex(
                name: "ix_record_notes_record_type_record_id",
                schema: "platform",
                table: "record_notes",
                columns: new[] { "record_type", "record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_assignments_kind_record_id",
                schema: "platform",
                table: "tag_assignments",
                columns: new[] { "kind", "record_id" });

            migrationBuilder.CreateIndex(
                name: "ix_tag_assignments_kind_tag_id_record_id",
                schema: "platform",
                table: "tag_assignments",
                columns: new[] { "kind", "tag_id", "record_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tag_assignments_tag_id",
                schema: "platform",
                table: "tag_assignments",
                column: "tag_id");

            migrationBuilder.CreateIndex(
                name: "ix_tags_kind_parent_id_label",
                schema: "platform",
                table: "tags",
                columns: new[] { "kind", "parent_id", "label" });

            migrationBuilder.CreateIndex(
                name: "ix_tags_kind_path",
                schema: "platform",
                table: "tags",
                columns: new[] { "kind", "path" })
                .Annotation("Npgsql:IndexOperators", new[] { "text_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_tags_parent_id",
                schema: "platform",
                table: "tags",
                column: "parent_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_entries",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "record_links",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "record_notes",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "tag_assignments",
                schema: "platform");

            migrationBuilder.DropTable(
                name: "tags",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "audit_entries_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "record_links_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "record_notes_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "tag_assignments_hilo",
                schema: "platform");

            migrationBuilder.DropSequence(
                name: "tags_hilo",
                schema: "platform");
        }
    }
}
