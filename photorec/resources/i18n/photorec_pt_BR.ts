<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>CompareDialog</name>
    <message>
        <source>Identical files</source>
        <translation>Arquivos idênticos</translation>
    </message>
    <message>
        <source>Similarity {0}% ({1})</source>
        <translation>Semelhança {0}% ({1})</translation>
    </message>
    <message>
        <source>Compare photos</source>
        <translation>Comparar fotos</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>{0} is no longer in the library.</source>
        <translation>{0} não está mais na biblioteca.</translation>
    </message>
    <message>
        <source>Could not load the photos: {0}</source>
        <translation>Não foi possível carregar as fotos: {0}</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source> (quality ≈{0})</source>
        <translation> (qualidade ≈{0})</translation>
    </message>
    <message>
        <source>Format: {0}</source>
        <translation>Formato: {0}</translation>
    </message>
    <message>
        <source>Sharpness: {0:.2f}</source>
        <translation>Nitidez: {0:.2f}</translation>
    </message>
    <message>
        <source>Taken {0}</source>
        <translation>Tirada em {0}</translation>
    </message>
    <message>
        <source>Modified {0}</source>
        <translation>Modificada em {0}</translation>
    </message>
    <message>
        <source>In an offline folder</source>
        <translation>Em uma pasta indisponível</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>photorec ran into a problem</source>
        <translation>O photorec encontrou um problema</translation>
    </message>
    <message>
        <source>&lt;b&gt;Something went wrong that photorec did not expect.&lt;/b&gt;</source>
        <translation>&lt;b&gt;Aconteceu algo que o photorec não esperava.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Your photos are safe: photorec never changes them. You can keep working, or quit and start photorec again. If it happens again, please report it with the details below.</source>
        <translation>Suas fotos estão seguras: o photorec nunca as altera. Você pode continuar trabalhando, ou sair e abrir o photorec de novo. Se acontecer outra vez, informe o problema com os detalhes abaixo.</translation>
    </message>
    <message>
        <source>&lt;br&gt;&lt;br&gt;The log is in &lt;code&gt;%1&lt;/code&gt;.</source>
        <translation>&lt;br&gt;&lt;br&gt;O registro está em &lt;code&gt;%1&lt;/code&gt;.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalhes</translation>
    </message>
    <message>
        <source>Keep working</source>
        <translation>Continuar trabalhando</translation>
    </message>
    <message>
        <source>Quit photorec</source>
        <translation>Sair do photorec</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Duplicates</source>
        <translation>Duplicatas</translation>
    </message>
    <message>
        <source>Duplicates (the same picture)</source>
        <translation>Duplicatas (a mesma imagem)</translation>
    </message>
    <message>
        <source>Similar shots</source>
        <translation>Fotos parecidas</translation>
    </message>
    <message>
        <source>Duplicates: re-saved, resized, cropped or edited copies.
Similar shots: looser, e.g. a burst of the same scene.</source>
        <translation>Duplicatas: cópias salvas de novo, redimensionadas, recortadas ou editadas.
Fotos parecidas: critério mais solto, p. ex. uma sequência da mesma cena.</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Look again (after indexing new photos)</source>
        <translation>Procurar de novo (depois de indexar fotos novas)</translation>
    </message>
    <message>
        <source>Similarity at least</source>
        <translation>Semelhança mínima</translation>
    </message>
    <message>
        <source>Lower: more, looser groups. Higher: only near-identical photos.</source>
        <translation>Menor: mais grupos, menos rigorosos. Maior: só fotos quase idênticas.</translation>
    </message>
    <message>
        <source>Only shots taken within</source>
        <translation>Só fotos tiradas com intervalo de até</translation>
    </message>
    <message>
        <source>Bursts: only group photos taken close together (EXIF time, else the file&apos;s time)</source>
        <translation>Sequências: agrupar só fotos tiradas perto umas das outras (hora do EXIF, senão a do arquivo)</translation>
    </message>
    <message>
        <source>Show more groups</source>
        <translation>Mostrar mais grupos</translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation>Procurando duplicatas…</translation>
    </message>
    <message>
        <source>No library yet.</source>
        <translation>Ainda não há biblioteca.</translation>
    </message>
    <message>
        <source>Finding near neighbours of every photo (the first time, also hashing their thumbnails)…</source>
        <translation>Procurando os vizinhos próximos de cada foto (na primeira vez, também calculando o hash das miniaturas)…</translation>
    </message>
    <message>
        <source>%1 group</source>
        <translation>%1 grupo</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 grupos</translation>
    </message>
    <message>
        <source>%1 photo compared through its %2 nearest neighbours (%3 s).</source>
        <translation>%1 foto comparada pelos seus %2 vizinhos mais próximos (%3 s).</translation>
    </message>
    <message>
        <source>%1 photos compared through their %2 nearest neighbours (%3 s).</source>
        <translation>%1 fotos comparadas pelos seus %2 vizinhos mais próximos (%3 s).</translation>
    </message>
    <message>
        <source>No duplicates at this similarity. Lower the slider to look further, or try Similar shots.</source>
        <translation>Nenhuma duplicata com essa semelhança. Baixe o controle para procurar mais longe, ou experimente Fotos parecidas.</translation>
    </message>
    <message>
        <source>Could not look for duplicates: %1</source>
        <translation>Não foi possível procurar duplicatas: %1</translation>
    </message>
    <message>
        <source>Show %1 more of %2 groups</source>
        <translation>Mostrar mais %1 de %2 grupos</translation>
    </message>
    <message>
        <source>All done: no groups left at this similarity.</source>
        <translation>Pronto: não restam grupos com essa semelhança.</translation>
    </message>
    <message>
        <source>Remembered: those %1 photos are not duplicates.</source>
        <translation>Anotado: essas %1 fotos não são duplicatas.</translation>
    </message>
    <message>
        <source>Remembered: those %1 photos are kept, all of them.</source>
        <translation>Anotado: essas %1 fotos ficam, todas elas.</translation>
    </message>
    <message>
        <source>
… and %1 more</source>
        <translation>
… e mais %1</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>Mover para a Lixeira</translation>
    </message>
    <message>
        <source>Move 1 photo to the trash and keep %2?

%3

You can restore it from the trash.</source>
        <translation>Mover 1 foto para a lixeira e manter %2?

%3

Você pode restaurá-la pela lixeira.</translation>
    </message>
    <message>
        <source>Move %1 photos to the trash and keep %2?

%3

You can restore them from the trash.</source>
        <translation>Mover %1 fotos para a lixeira e manter %2?

%3

Você pode restaurá-las pela lixeira.</translation>
    </message>
    <message>
        <source>Move %1 to Trash</source>
        <translation>Mover %1 para a Lixeira</translation>
    </message>
    <message>
        <source>Could not move %1 of the photos to the trash (e.g. %2): no trash on that drive, or no permission.</source>
        <translation>Não foi possível mover %1 das fotos para a lixeira (p. ex. %2): não há lixeira nessa unidade, ou falta permissão.</translation>
    </message>
    <message>
        <source>Moved 1 photo to the trash.</source>
        <translation>1 foto movida para a lixeira.</translation>
    </message>
    <message>
        <source>Moved %1 photos to the trash.</source>
        <translation>%1 fotos movidas para a lixeira.</translation>
    </message>
</context>
<context>
    <name>FaceOverlay</name>
    <message>
        <source>Unnamed</source>
        <translation>Sem nome</translation>
    </message>
    <message>
        <source>%1?</source>
        <translation>%1?</translation>
    </message>
</context>
<context>
    <name>GroupCard</name>
    <message>
        <source>Compare</source>
        <translation>Comparar</translation>
    </message>
    <message>
        <source>Side by side: the keeper and the photo you clicked (or the two you clicked)</source>
        <translation>Lado a lado: a que fica e a foto em que você clicou (ou as duas em que clicou)</translation>
    </message>
    <message>
        <source>Not duplicates</source>
        <translation>Não são duplicatas</translation>
    </message>
    <message>
        <source>They only look alike: never show this group again</source>
        <translation>Só se parecem: não mostrar mais este grupo</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>Manter todas</translation>
    </message>
    <message>
        <source>Keep every photo of this group and do not ask again</source>
        <translation>Manter todas as fotos deste grupo e não perguntar de novo</translation>
    </message>
    <message>
        <source>%1. %2 photos · keep %3</source>
        <translation>%1. %2 fotos · manter %3</translation>
    </message>
    <message>
        <source>Your choice.</source>
        <translation>Escolha sua.</translation>
    </message>
    <message>
        <source>Suggested: %1.</source>
        <translation>Sugestão: %1.</translation>
    </message>
    <message>
        <source>1 photo found by the perceptual hash (a smaller or recompressed copy).</source>
        <translation>1 foto encontrada pelo hash perceptual (uma cópia menor ou recomprimida).</translation>
    </message>
    <message>
        <source>%1 photos found by the perceptual hash (smaller or recompressed copies).</source>
        <translation>%1 fotos encontradas pelo hash perceptual (cópias menores ou recomprimidas).</translation>
    </message>
    <message>
        <source>%1 similar shots, not the same picture: not ticked.</source>
        <translation>%1 fotos parecidas, não a mesma imagem: não marcadas.</translation>
    </message>
    <message>
        <source>1 similar shot, not the same picture: not ticked.</source>
        <translation>1 foto parecida, não a mesma imagem: não marcada.</translation>
    </message>
    <message>
        <source>Move %1 to Trash…</source>
        <translation>Mover %1 para a Lixeira…</translation>
    </message>
    <message>
        <source>Nothing to trash</source>
        <translation>Nada para a lixeira</translation>
    </message>
</context>
<context>
    <name>IndexProgress</name>
    <message>
        <source>Looking closer for small faces… %1 of %2</source>
        <translation>Procurando rostos pequenos… %1 de %2</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>menos de um minuto</translation>
    </message>
    <message>
        <source>a few seconds</source>
        <translation>alguns segundos</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>cerca de %1 min</translation>
    </message>
    <message>
        <source>about %1 h %2 min</source>
        <translation>cerca de %1 h %2 min</translation>
    </message>
    <message>
        <source>Looking for new and changed photos…</source>
        <translation>Procurando fotos novas e alteradas…</translation>
    </message>
    <message>
        <source>Saving the index…</source>
        <translation>Salvando o índice…</translation>
    </message>
    <message>
        <source>Reading keywords and descriptions…</source>
        <translation>Lendo palavras-chave e descrições…</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Looking for faces… %1 of %2</source>
        <translation>Procurando rostos… %1 de %2</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Atualizado</translation>
    </message>
    <message>
        <source>Indexing %1 of %2</source>
        <translation>Indexando %1 de %2</translation>
    </message>
    <message>
        <source> · paused</source>
        <translation> · em pausa</translation>
    </message>
    <message>
        <source> · %1 photos/s</source>
        <translation> · %1 fotos/s</translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation> · faltam %1</translation>
    </message>
    <message>
        <source>Stop indexing (what is done is kept)</source>
        <translation>Parar a indexação (o que já foi feito fica guardado)</translation>
    </message>
    <message>
        <source>Resume indexing</source>
        <translation>Retomar a indexação</translation>
    </message>
    <message>
        <source>Pause indexing</source>
        <translation>Pausar a indexação</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando…</translation>
    </message>
</context>
<context>
    <name>InfoPanel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>Câmera</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Classificação</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descrição</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>%1 × %2 pixels (%3 MP)</source>
        <translation>%1 × %2 pixels (%3 MP)</translation>
    </message>
    <message>
        <source>N</source>
        <comment>compass: north</comment>
        <translation>N</translation>
    </message>
    <message>
        <source>S</source>
        <comment>compass: south</comment>
        <translation>S</translation>
    </message>
    <message>
        <source>E</source>
        <comment>compass: east</comment>
        <translation>L</translation>
    </message>
    <message>
        <source>W</source>
        <comment>compass: west</comment>
        <translation>O</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejeitada</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Todas as fotos</translation>
    </message>
    <message>
        <source>Filter by name (Ctrl+F)</source>
        <translation>Filtrar por nome (Ctrl+F)</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Ordenar por</translation>
    </message>
    <message>
        <source>Show all photos</source>
        <translation>Mostrar todas as fotos</translation>
    </message>
    <message>
        <source>Back to the whole library</source>
        <translation>Voltar à biblioteca inteira</translation>
    </message>
    <message>
        <source>Locate folder…</source>
        <translation>Localizar pasta…</translation>
    </message>
    <message>
        <source>&lt;b&gt;This folder is offline:&lt;/b&gt; %1. Its photos are kept and still found as similar. Connect the drive, or locate the folder if it moved.</source>
        <translation>&lt;b&gt;Esta pasta está indisponível:&lt;/b&gt; %1. As fotos dela continuam guardadas e aparecem como semelhantes. Conecte a unidade, ou localize a pasta se ela mudou de lugar.</translation>
    </message>
    <message>
        <source>%1 photo</source>
        <translation>%1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source> matching “%1”</source>
        <translation> com “%1”</translation>
    </message>
    <message>
        <source>No photo names match the filter.</source>
        <translation>Nenhum nome de foto corresponde ao filtro.</translation>
    </message>
    <message>
        <source>No photos here yet.</source>
        <translation>Ainda não há fotos aqui.</translation>
    </message>
</context>
<context>
    <name>LibraryService</name>
    <message>
        <source>Opening the library</source>
        <translation>Abrindo a biblioteca</translation>
    </message>
    <message>
        <source>Reading the library</source>
        <translation>Lendo a biblioteca</translation>
    </message>
    <message>
        <source>Cannot add the folder</source>
        <translation>Não foi possível adicionar a pasta</translation>
    </message>
    <message>
        <source>Cannot remove the folder</source>
        <translation>Não foi possível remover a pasta</translation>
    </message>
    <message>
        <source>Cannot forget the offline photos</source>
        <translation>Não foi possível esquecer as fotos indisponíveis</translation>
    </message>
    <message>
        <source>Cannot use that folder</source>
        <translation>Não é possível usar essa pasta</translation>
    </message>
    <message>
        <source>Indexing stopped</source>
        <translation>A indexação parou</translation>
    </message>
    <message>
        <source>Find similar</source>
        <translation>Encontrar semelhantes</translation>
    </message>
    <message>
        <source>Cannot move to the trash</source>
        <translation>Não foi possível mover para a lixeira</translation>
    </message>
    <message>
        <source>These files could not be moved to the trash (no trash on that drive, or no permission):
</source>
        <translation>Estes arquivos não puderam ser movidos para a lixeira (não há lixeira nessa unidade, ou falta permissão):
</translation>
    </message>
    <message>
        <source>Watching the catalog</source>
        <translation>Acompanhando o catálogo</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Watching the folders</source>
        <translation>Observando as pastas</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>Imagens</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos os arquivos</translation>
    </message>
    <message>
        <source>%1 – photorec</source>
        <translation>%1 – photorec</translation>
    </message>
    <message>
        <source>Find photos like this image</source>
        <translation>Encontrar fotos parecidas com esta imagem</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>A área de transferência não tem imagem.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Add Folder…</source>
        <translation>&amp;Adicionar pasta…</translation>
    </message>
    <message>
        <source>Add a folder of photos to the library</source>
        <translation>Adicionar uma pasta de fotos à biblioteca</translation>
    </message>
    <message>
        <source>&amp;Find Similar to Image…</source>
        <translation>&amp;Encontrar semelhantes a uma imagem…</translation>
    </message>
    <message>
        <source>Pick an image (in the library or not) and see the photos like it</source>
        <translation>Escolha uma imagem (da biblioteca ou não) e veja as fotos parecidas com ela</translation>
    </message>
    <message>
        <source>Find Similar to &amp;Pasted Image</source>
        <translation>Encontrar semelhantes à imagem &amp;colada</translation>
    </message>
    <message>
        <source>Find photos like the image on the clipboard</source>
        <translation>Encontrar fotos parecidas com a imagem da área de transferência</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Voltar</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>&amp;Avançar</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>&amp;Biblioteca</translation>
    </message>
    <message>
        <source>Back to the photos of the folder chosen in the sidebar</source>
        <translation>Voltar às fotos da pasta escolhida na barra lateral</translation>
    </message>
    <message>
        <source>&amp;Search…</source>
        <translation>&amp;Pesquisar…</translation>
    </message>
    <message>
        <source>Find photos by words: tags, places, dates, things</source>
        <translation>Encontrar fotos por palavras: etiquetas, lugares, datas, coisas</translation>
    </message>
    <message>
        <source>Filter by &amp;Name</source>
        <translation>Filtrar por &amp;nome</translation>
    </message>
    <message>
        <source>&amp;Sort By</source>
        <translation>&amp;Ordenar por</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>A&amp;umentar zoom</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>&amp;Diminuir zoom</translation>
    </message>
    <message>
        <source>Show File &amp;Names</source>
        <translation>Mostrar nomes dos arqu&amp;ivos</translation>
    </message>
    <message>
        <source>&amp;Problems</source>
        <translation>&amp;Problemas</translation>
    </message>
    <message>
        <source>&amp;Rescan Folders</source>
        <translation>&amp;Reexaminar pastas</translation>
    </message>
    <message>
        <source>Look for new, changed and removed photos</source>
        <translation>Procurar fotos novas, alteradas e removidas</translation>
    </message>
    <message>
        <source>Retry &amp;Problem Files</source>
        <translation>Tentar de novo os arquivos com &amp;problema</translation>
    </message>
    <message>
        <source>&amp;Pause Indexing</source>
        <translation>Pa&amp;usar indexação</translation>
    </message>
    <message>
        <source>&amp;Stop Indexing</source>
        <translation>&amp;Interromper indexação</translation>
    </message>
    <message>
        <source>&amp;Forget Offline Photos…</source>
        <translation>&amp;Esquecer fotos indisponíveis…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About photorec</source>
        <translation>&amp;Sobre o photorec</translation>
    </message>
    <message>
        <source>Move to Trash…</source>
        <translation>Mover para a Lixeira…</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Copiar caminho</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Ver</translation>
    </message>
    <message>
        <source>Add a folder of photos</source>
        <translation>Adicionar uma pasta de fotos</translation>
    </message>
    <message>
        <source>Remove “%1” from the library?</source>
        <translation>Remover “%1” da biblioteca?</translation>
    </message>
    <message>
        <source>photorec forgets its %1 photo. The files in %2 are not touched.</source>
        <translation>O photorec esquece a %1 foto dela. Os arquivos em %2 não são tocados.</translation>
    </message>
    <message>
        <source>photorec forgets its %1 photos. The files in %2 are not touched.</source>
        <translation>O photorec esquece as %1 fotos dela. Os arquivos em %2 não são tocados.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remover</translation>
    </message>
    <message>
        <source>Removed %1 from the library (%2 photo forgotten).</source>
        <translation>%1 removida da biblioteca (%2 foto esquecida).</translation>
    </message>
    <message>
        <source>Removed %1 from the library (%2 photos forgotten).</source>
        <translation>%1 removida da biblioteca (%2 fotos esquecidas).</translation>
    </message>
    <message>
        <source>No folder is offline.</source>
        <translation>Nenhuma pasta está indisponível.</translation>
    </message>
    <message>
        <source>Forget the photos of %1 offline folder?</source>
        <translation>Esquecer as fotos de %1 pasta indisponível?</translation>
    </message>
    <message>
        <source>Forget the photos of %1 offline folders?</source>
        <translation>Esquecer as fotos de %1 pastas indisponíveis?</translation>
    </message>
    <message>
        <source>photorec forgets %1 photo in %2 and stops looking for the folder. The files themselves are not touched.</source>
        <translation>O photorec esquece %1 foto em %2 e para de procurar a pasta. Os arquivos em si não são tocados.</translation>
    </message>
    <message>
        <source>photorec forgets %1 photos in %2 and stops looking for the folder. The files themselves are not touched.</source>
        <translation>O photorec esquece %1 fotos em %2 e para de procurar a pasta. Os arquivos em si não são tocados.</translation>
    </message>
    <message>
        <source>Forget</source>
        <translation>Esquecer</translation>
    </message>
    <message>
        <source>Forgot %1 offline photo.</source>
        <translation>%1 foto indisponível esquecida.</translation>
    </message>
    <message>
        <source>Forgot %1 offline photos.</source>
        <translation>%1 fotos indisponíveis esquecidas.</translation>
    </message>
    <message>
        <source>Where is “%1” now?</source>
        <translation>Onde está “%1” agora?</translation>
    </message>
    <message>
        <source>Looking for photos… they appear here as they are indexed.</source>
        <translation>Procurando fotos… elas aparecem aqui à medida que são indexadas.</translation>
    </message>
    <message>
        <source>&amp;Resume Indexing</source>
        <translation>Re&amp;tomar indexação</translation>
    </message>
    <message>
        <source>Indexing stopped. What was done is kept; rescan to go on.</source>
        <translation>Indexação interrompida. O que foi feito fica guardado; reexamine para continuar.</translation>
    </message>
    <message>
        <source>%1 new</source>
        <comment>one</comment>
        <translation>%1 nova</translation>
    </message>
    <message>
        <source>%1 new</source>
        <comment>other</comment>
        <translation>%1 novas</translation>
    </message>
    <message>
        <source>%1 updated</source>
        <comment>one</comment>
        <translation>%1 atualizada</translation>
    </message>
    <message>
        <source>%1 updated</source>
        <comment>other</comment>
        <translation>%1 atualizadas</translation>
    </message>
    <message>
        <source>%1 moved</source>
        <comment>one</comment>
        <translation>%1 movida</translation>
    </message>
    <message>
        <source>%1 moved</source>
        <comment>other</comment>
        <translation>%1 movidas</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <comment>one</comment>
        <translation>%1 removida</translation>
    </message>
    <message>
        <source>%1 removed</source>
        <comment>other</comment>
        <translation>%1 removidas</translation>
    </message>
    <message>
        <source> · %1 could not be read (see Problems)</source>
        <comment>one</comment>
        <translation> · %1 não pôde ser lida (veja Problemas)</translation>
    </message>
    <message>
        <source> · %1 could not be read (see Problems)</source>
        <comment>other</comment>
        <translation> · %1 não puderam ser lidas (veja Problemas)</translation>
    </message>
    <message>
        <source>Library up to date</source>
        <translation>Biblioteca atualizada</translation>
    </message>
    <message>
        <source> · %1 folder offline</source>
        <translation> · %1 pasta indisponível</translation>
    </message>
    <message>
        <source> · %1 folders offline</source>
        <translation> · %1 pastas indisponíveis</translation>
    </message>
    <message>
        <source>Find Similar</source>
        <translation>Encontrar semelhantes</translation>
    </message>
    <message>
        <source>Open in Default Viewer</source>
        <translation>Abrir no visualizador padrão</translation>
    </message>
    <message>
        <source>Reveal in File Manager</source>
        <translation>Mostrar no gerenciador de arquivos</translation>
    </message>
    <message>
        <source>Copy %1 Paths</source>
        <translation>Copiar %1 caminhos</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>Etiquetar…</translation>
    </message>
    <message>
        <source>Tag %1 Photos…</source>
        <translation>Etiquetar %1 fotos…</translation>
    </message>
    <message>
        <source>More Like These</source>
        <translation>Mais como estas</translation>
    </message>
    <message>
        <source>Move %1 Photos to Trash…</source>
        <translation>Mover %1 fotos para a Lixeira…</translation>
    </message>
    <message>
        <source>Path copied.</source>
        <translation>Caminho copiado.</translation>
    </message>
    <message>
        <source>%1 paths copied.</source>
        <translation>%1 caminhos copiados.</translation>
    </message>
    <message>
        <source>Move “%1” to the trash?</source>
        <translation>Mover “%1” para a lixeira?</translation>
    </message>
    <message>
        <source>Move %1 photos to the trash?</source>
        <translation>Mover %1 fotos para a lixeira?</translation>
    </message>
    <message>
        <source>They go to the system trash, where you can restore them, and leave the library.</source>
        <translation>Elas vão para a lixeira do sistema, de onde você pode restaurá-las, e saem da biblioteca.</translation>
    </message>
    <message>
        <source>Move to Trash</source>
        <translation>Mover para a Lixeira</translation>
    </message>
    <message>
        <source>Moved %1 photo to the trash.</source>
        <translation>%1 foto movida para a lixeira.</translation>
    </message>
    <message>
        <source>Moved %1 photos to the trash.</source>
        <translation>%1 fotos movidas para a lixeira.</translation>
    </message>
    <message>
        <source>the pasted image is empty</source>
        <translation>a imagem colada está vazia</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>Não foi possível abrir %1</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplicatas</translation>
    </message>
    <message>
        <source>Themes</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <source>Thumbnail size (Ctrl+plus, Ctrl+minus)</source>
        <translation>Tamanho das miniaturas (Ctrl+mais, Ctrl+menos)</translation>
    </message>
    <message>
        <source>Sorting the photos</source>
        <translation>Ordenando as fotos</translation>
    </message>
    <message>
        <source>The library could not be opened</source>
        <translation>Não foi possível abrir a biblioteca</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Não foi possível abrir</translation>
    </message>
    <message>
        <source>Not found:
</source>
        <translation>Não encontrado:
</translation>
    </message>
    <message>
        <source>Drop a folder to add it, or a photo to find photos like it.</source>
        <translation>Solte uma pasta para adicioná-la, ou uma foto para encontrar fotos parecidas.</translation>
    </message>
    <message>
        <source>Dropped image</source>
        <translation>Imagem solta</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>inacessível</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>&lt;p&gt;Library: &lt;code&gt;%1&lt;/code&gt;&lt;br&gt;Model: %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;Biblioteca: &lt;code&gt;%1&lt;/code&gt;&lt;br&gt;Modelo: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About photorec</source>
        <translation>Sobre o photorec</translation>
    </message>
    <message>
        <source>&lt;h3&gt;photorec %1&lt;/h3&gt;&lt;p&gt;Find similar photos in your own photo library: offline, private, fast.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;photorec %1&lt;/h3&gt;&lt;p&gt;Encontre fotos semelhantes na sua própria coleção de fotos: sem internet, com privacidade, rápido.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>%1 photo</source>
        <translation>%1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>%1 folder</source>
        <translation>%1 pasta</translation>
    </message>
    <message>
        <source>%1 folders</source>
        <translation>%1 pastas</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 em %2</translation>
    </message>
    <message>
        <source> · %1 offline</source>
        <comment>one</comment>
        <translation> · %1 indisponível</translation>
    </message>
    <message>
        <source> · %1 offline</source>
        <comment>other</comment>
        <translation> · %1 indisponíveis</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Parando…</translation>
    </message>
    <message>
        <source>Photo viewer</source>
        <translation>Visualizador de fotos</translation>
    </message>
    <message>
        <source>Find photos similar to this one (S)</source>
        <translation>Encontrar fotos semelhantes a esta (S)</translation>
    </message>
    <message>
        <source>Matched: %1</source>
        <translation>Corresponde: %1</translation>
    </message>
    <message>
        <source>Filter by name</source>
        <translation>Filtrar por nome</translation>
    </message>
    <message>
        <source>Photos matching the search</source>
        <translation>Fotos que correspondem à pesquisa</translation>
    </message>
    <message>
        <source>The search failed: %1</source>
        <translation>A pesquisa falhou: %1</translation>
    </message>
    <message>
        <source>No photos match “%1”.</source>
        <translation>Nenhuma foto corresponde a “%1”.</translation>
    </message>
    <message>
        <source>Photos matching “%1”</source>
        <translation>Fotos que correspondem a “%1”</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 foto</translation>
    </message>
    <message>
        <source>%1 photos, best first</source>
        <translation>%1 fotos, as melhores primeiro</translation>
    </message>
</context>
<context>
    <name>OpeningPage</name>
    <message>
        <source>Opening library…</source>
        <translation>Abrindo a biblioteca…</translation>
    </message>
    <message>
        <source>The library could not be opened.

%1</source>
        <translation>Não foi possível abrir a biblioteca.

%1</translation>
    </message>
</context>
<context>
    <name>PeopleSwitch</name>
    <message>
        <source>Same people</source>
        <translation>Mesmas pessoas</translation>
    </message>
    <message>
        <source>someone unnamed</source>
        <translation>alguém sem nome</translation>
    </message>
    <message>
        <source>Rank by the people this photo shares with others (%1) instead of by look</source>
        <translation>Ordena pelas pessoas que esta foto tem em comum com outras (%1) em vez da aparência</translation>
    </message>
    <message>
        <source>%1 of %2 people</source>
        <translation>%1 de %2 pessoas</translation>
    </message>
    <message>
        <source>%1 photos with the people of this one (%2), most shared first</source>
        <translation>%1 fotos com as pessoas desta (%2), as com mais pessoas em comum primeiro</translation>
    </message>
    <message>
        <source>No other photo shows the people of this one (%1).</source>
        <translation>Nenhuma outra foto mostra as pessoas desta (%1).</translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message>
        <source>People</source>
        <translation>Pessoas</translation>
    </message>
    <message>
        <source>Find faces</source>
        <translation>Procurar rostos</translation>
    </message>
    <message>
        <source>Look for faces while indexing (the faces stay in this library&apos;s data folder)</source>
        <translation>Procura rostos ao indexar (os rostos ficam na pasta de dados desta biblioteca)</translation>
    </message>
    <message>
        <source>Name…</source>
        <translation>Nomear…</translation>
    </message>
    <message>
        <source>Name or rename the selected person</source>
        <translation>Dá nome ou muda o nome da pessoa selecionada</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Juntar</translation>
    </message>
    <message>
        <source>The selected people are one person</source>
        <translation>As pessoas selecionadas são uma só</translation>
    </message>
    <message>
        <source>It is this person</source>
        <translation>É esta pessoa</translation>
    </message>
    <message>
        <source>The selected faces marked “?” are this person</source>
        <translation>Os rostos selecionados marcados com “?” são desta pessoa</translation>
    </message>
    <message>
        <source>Not this person</source>
        <translation>Não é esta pessoa</translation>
    </message>
    <message>
        <source>Take the selected faces out of this person; photorec will not put them back</source>
        <translation>Tira os rostos selecionados desta pessoa; o photorec não os põe de volta</translation>
    </message>
    <message>
        <source>No library yet.</source>
        <translation>Nenhuma biblioteca ainda.</translation>
    </message>
    <message>
        <source>Loading people…</source>
        <translation>Carregando as pessoas…</translation>
    </message>
    <message>
        <source>%1 photo</source>
        <translation>%1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>%1 person, %2 named</source>
        <translation>%1 pessoa, %2 com nome</translation>
    </message>
    <message>
        <source>%1 people, %2 named</source>
        <translation>%1 pessoas, %2 com nome</translation>
    </message>
    <message>
        <source>No people yet: faces are looked for while photos are indexed.</source>
        <translation>Nenhuma pessoa ainda: os rostos são procurados enquanto as fotos são indexadas.</translation>
    </message>
    <message>
        <source>Face finding is off: turn on “Find faces” and rescan to see the people in your photos.</source>
        <translation>A busca de rostos está desligada: ligue “Procurar rostos” e varra de novo para ver as pessoas nas suas fotos.</translation>
    </message>
    <message>
        <source>The people cannot be shown: %1</source>
        <translation>Não foi possível mostrar as pessoas: %1</translation>
    </message>
    <message>
        <source>Unnamed</source>
        <translation>Sem nome</translation>
    </message>
    <message>
        <source>Faces of %1:</source>
        <translation>Rostos de %1:</translation>
    </message>
    <message>
        <source>Is this %1?</source>
        <translation>É %1?</translation>
    </message>
    <message>
        <source>Person: %1</source>
        <translation>Pessoa: %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Who is this?</source>
        <translation>Quem é?</translation>
    </message>
</context>
<context>
    <name>PhotoDelegate</name>
    <message>
        <source>offline</source>
        <translation>indisponível</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>sem prévia</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <source>%1 similar</source>
        <translation>%1 de semelhança</translation>
    </message>
</context>
<context>
    <name>PhotoTile</name>
    <message>
        <source>identical file</source>
        <translation>arquivo idêntico</translation>
    </message>
    <message>
        <source>%1 group</source>
        <translation>%1 grupo</translation>
    </message>
    <message>
        <source>%1 groups</source>
        <translation>%1 grupos</translation>
    </message>
    <message>
        <source>%1 photo could go</source>
        <translation>%1 foto pode sair</translation>
    </message>
    <message>
        <source>%1 photos could go</source>
        <translation>%1 fotos podem sair</translation>
    </message>
    <message>
        <source>suggested keeper</source>
        <translation>sugerida para ficar</translation>
    </message>
    <message>
        <source>same picture by its hash</source>
        <translation>mesma imagem pelo hash</translation>
    </message>
    <message>
        <source>similar shot</source>
        <translation>foto parecida</translation>
    </message>
    <message>
        <source>%1
Click to pick it for Compare; double-click for similar photos</source>
        <translation>%1
Clique para escolhê-la para Comparar; clique duas vezes para ver fotos semelhantes</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Lixeira</translation>
    </message>
    <message>
        <source>Move this photo to the trash with the others checked</source>
        <translation>Mover esta foto para a lixeira junto com as outras marcadas</translation>
    </message>
    <message>
        <source>Keep this</source>
        <translation>Manter esta</translation>
    </message>
    <message>
        <source>KEEP</source>
        <translation>FICA</translation>
    </message>
    <message>
        <source>offline folder</source>
        <translation>pasta indisponível</translation>
    </message>
    <message>
        <source>Its folder is offline: connect the drive to move it to the trash</source>
        <translation>A pasta dela está indisponível: conecte a unidade para movê-la para a lixeira</translation>
    </message>
    <message>
        <source>Not ticked: it is not the same picture as the keeper by either signal. Tick it to move it to the trash.</source>
        <translation>Não marcada: por nenhum dos sinais ela é a mesma imagem que a que fica. Marque-a para movê-la para a lixeira.</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>too large to show (%1×%2 pixels)</source>
        <translation>grande demais para mostrar (%1×%2 pixels)</translation>
    </message>
    <message>
        <source>the file is gone (moved or deleted)</source>
        <translation>o arquivo sumiu (movido ou apagado)</translation>
    </message>
    <message>
        <source>photorec may not read this file</source>
        <translation>o photorec não tem permissão para ler este arquivo</translation>
    </message>
    <message>
        <source>not an image, or damaged (%1)</source>
        <translation>não é uma imagem, ou está danificada (%1)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Voltar</translation>
    </message>
    <message>
        <source>Back to the photos (Esc)</source>
        <translation>Voltar às fotos (Esc)</translation>
    </message>
    <message>
        <source>Previous photo (Left)</source>
        <translation>Foto anterior (Esquerda)</translation>
    </message>
    <message>
        <source>Next photo (Right)</source>
        <translation>Próxima foto (Direita)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Fit the photo to the window (F)</source>
        <translation>Ajustar a foto à janela (F)</translation>
    </message>
    <message>
        <source>Actual size (0)</source>
        <translation>Tamanho real (0)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>Diminuir o zoom (-)</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>Aumentar o zoom (+)</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Show or hide the information (I)</source>
        <translation>Mostrar ou ocultar as informações (I)</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>Nenhuma foto</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>Cannot show %1: %2</source>
        <translation>Não foi possível mostrar %1: %2</translation>
    </message>
</context>
<context>
    <name>ProblemsPage</name>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>These files could not be read. They stay where they are; photorec skips them until they change, or until you retry.</source>
        <translation>Estes arquivos não puderam ser lidos. Eles ficam onde estão; o photorec os ignora até que mudem, ou até você tentar de novo.</translation>
    </message>
    <message>
        <source>Retry all</source>
        <translation>Tentar todos de novo</translation>
    </message>
    <message>
        <source>Try to read these files again</source>
        <translation>Tentar ler estes arquivos de novo</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>Mostrar no gerenciador de arquivos</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>Metadata: %1 (the photo is indexed)</source>
        <translation>Metadados: %1 (a foto está indexada)</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>ilegíveis</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Problemas (%1)</translation>
    </message>
    <message>
        <source>Open in default app</source>
        <translation>Abrir no aplicativo padrão</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copiar caminho</translation>
    </message>
</context>
<context>
    <name>Query</name>
    <message>
        <source>Pasted image</source>
        <translation>Imagem colada</translation>
    </message>
    <message>
        <source>these %1 photos</source>
        <translation>estas %1 fotos</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Search: tags, places, dates, things…</source>
        <translation>Buscar: etiquetas, lugares, datas, coisas…</translation>
    </message>
    <message>
        <source>Words in English or Portuguese: tags and keywords, titles and descriptions, folder and file names, dates (2019, june 2019, junho 2019) and what photorec recognises in the photos (dog, boat, flor).</source>
        <translation>Palavras em português ou inglês: etiquetas e palavras-chave, títulos e descrições, nomes de pastas e arquivos, datas (2019, junho 2019, june 2019) e o que o photorec reconhece nas fotos (cachorro, barco, flor).</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>No photos match</source>
        <translation>Nenhuma foto encontrada</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 foto</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>Search failed</source>
        <translation>A busca falhou</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Add a folder of photos to the library</source>
        <translation>Adicionar uma pasta de fotos à biblioteca</translation>
    </message>
    <message>
        <source>Remove the selected folder from the library (files stay on disk)</source>
        <translation>Remover a pasta selecionada da biblioteca (os arquivos ficam no disco)</translation>
    </message>
    <message>
        <source>Look for new and changed photos</source>
        <translation>Procurar fotos novas e alteradas</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Biblioteca</translation>
    </message>
    <message>
        <source>All photos</source>
        <translation>Todas as fotos</translation>
    </message>
    <message>
        <source>Every photo in the library</source>
        <translation>Todas as fotos da biblioteca</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Files photorec could not read, and why</source>
        <translation>Arquivos que o photorec não conseguiu ler, e por quê</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Pastas</translation>
    </message>
    <message>
        <source>
Last checked %1</source>
        <translation>
Última verificação: %1</translation>
    </message>
    <message>
        <source>
%1 file could not be read</source>
        <translation>
%1 arquivo não pôde ser lido</translation>
    </message>
    <message>
        <source>
%1 files could not be read</source>
        <translation>
%1 arquivos não puderam ser lidos</translation>
    </message>
    <message>
        <source>%1
Offline: %2
%3 photo is kept; right-click to locate the folder or forget it</source>
        <translation>%1
Indisponível: %2
%3 foto continua guardada; clique com o botão direito para localizar a pasta ou esquecê-la</translation>
    </message>
    <message>
        <source>%1
Offline: %2
%3 photos are kept; right-click to locate the folder or forget them</source>
        <translation>%1
Indisponível: %2
%3 fotos continuam guardadas; clique com o botão direito para localizar a pasta ou esquecê-las</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>inacessível</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>indisponível</translation>
    </message>
    <message>
        <source>Locate folder…</source>
        <translation>Localizar pasta…</translation>
    </message>
    <message>
        <source>Reveal in file manager</source>
        <translation>Mostrar no gerenciador de arquivos</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>Reexaminar</translation>
    </message>
    <message>
        <source>Remove from library…</source>
        <translation>Remover da biblioteca…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Adicionar pasta…</translation>
    </message>
    <message>
        <source>Rescan all folders</source>
        <translation>Reexaminar todas as pastas</translation>
    </message>
    <message>
        <source>Forget offline photos…</source>
        <translation>Esquecer fotos indisponíveis…</translation>
    </message>
</context>
<context>
    <name>SidecarWriter</name>
    <message>
        <source>read-only, left as it is</source>
        <translation>somente leitura, ficou como estava</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>não é um arquivo comum</translation>
    </message>
    <message>
        <source>too large to be XMP</source>
        <translation>grande demais para ser XMP</translation>
    </message>
    <message>
        <source>nested too deeply to be XMP</source>
        <translation>aninhamento profundo demais para ser XMP</translation>
    </message>
    <message>
        <source>declares a DTD or entities</source>
        <translation>declara um DTD ou entidades</translation>
    </message>
    <message>
        <source>not valid XML</source>
        <translation>não é XML válido</translation>
    </message>
    <message>
        <source>cannot be decoded</source>
        <translation>não pode ser decodificado</translation>
    </message>
    <message>
        <source>has no RDF in it</source>
        <translation>não tem RDF</translation>
    </message>
    <message>
        <source>another program kept changing it</source>
        <translation>outro programa continuou alterando-o</translation>
    </message>
    <message>
        <source>the photo is not there</source>
        <translation>a foto não está lá</translation>
    </message>
    <message>
        <source>not in the library</source>
        <translation>não está na biblioteca</translation>
    </message>
    <message>
        <source>cannot be written</source>
        <translation>não pode ser escrito</translation>
    </message>
    <message>
        <source>the selected photo</source>
        <translation>a foto selecionada</translation>
    </message>
    <message>
        <source>the %1 selected photos</source>
        <translation>as %1 fotos selecionadas</translation>
    </message>
    <message>
        <source>every photo whose photorec tags differ from its file</source>
        <translation>cada foto cujas tags do photorec diferem do seu arquivo</translation>
    </message>
    <message>
        <source>Write the keywords and photorec tags of %1 into their XMP sidecars? Everything else in the sidecars is kept; the photos themselves are not changed.</source>
        <translation>Gravar as palavras-chave e as tags do photorec de %1 nos seus arquivos XMP? Todo o resto neles é mantido; as fotos em si não são alteradas.</translation>
    </message>
    <message>
        <source>Write to sidecars</source>
        <translation>Gravar nos arquivos XMP</translation>
    </message>
    <message>
        <source>Also write the faces of named people (MWG face regions, as digiKam and Lightroom read them)</source>
        <translation>Gravar também os rostos das pessoas com nome (regiões de rosto MWG, como o digiKam e o Lightroom as leem)</translation>
    </message>
    <message>
        <source>Only faces of people you named; never unnamed people or unsure ones. A face another app named otherwise is left as it is.</source>
        <translation>Só rostos de pessoas a que você deu nome; nunca pessoas sem nome nem incertas. Um rosto a que outro programa deu outro nome fica como está.</translation>
    </message>
    <message>
        <source>Wrote %1 sidecar.</source>
        <translation>%1 arquivo XMP gravado.</translation>
    </message>
    <message>
        <source>Wrote %1 sidecars.</source>
        <translation>%1 arquivos XMP gravados.</translation>
    </message>
    <message>
        <source>%1 already up to date.</source>
        <translation>%1 já em dia.</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>e mais %1</translation>
    </message>
    <message>
        <source>%1 skipped (%2).</source>
        <translation>%1 ignorados (%2).</translation>
    </message>
    <message>
        <source>%1 face region written.</source>
        <translation>%1 região de rosto gravada.</translation>
    </message>
    <message>
        <source>%1 face regions written.</source>
        <translation>%1 regiões de rosto gravadas.</translation>
    </message>
    <message>
        <source>%1: %2 is %3 there</source>
        <translation>%1: %2 é %3 ali</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>sem nome</translation>
    </message>
    <message>
        <source>%1 face left as another app named it (%2).</source>
        <translation>%1 rosto ficou com o nome que outro programa lhe deu (%2).</translation>
    </message>
    <message>
        <source>%1 faces left as another app named them (%2).</source>
        <translation>%1 rostos ficaram com o nome que outro programa lhes deu (%2).</translation>
    </message>
</context>
<context>
    <name>SimilarPanel</name>
    <message>
        <source>No photos like these %1 photos.</source>
        <translation>Nenhuma foto semelhante a estas %1 fotos.</translation>
    </message>
    <message>
        <source>No photo is at least %1% similar to these %2 photos.</source>
        <translation>Nenhuma foto tem pelo menos %1% de semelhança com estas %2 fotos.</translation>
    </message>
    <message>
        <source>Nothing in the library is similar to these %1 photos. Lower “At least” to see loosely alike photos too.</source>
        <translation>Nada na biblioteca é semelhante a estas %1 fotos. Baixe “No mínimo” para ver também as pouco parecidas.</translation>
    </message>
    <message>
        <source>Back (Alt+Left, Backspace)</source>
        <translation>Voltar (Alt+Esquerda, Backspace)</translation>
    </message>
    <message>
        <source>Forward (Alt+Right)</source>
        <translation>Avançar (Alt+Direita)</translation>
    </message>
    <message>
        <source>Add its folder to the library</source>
        <translation>Adicionar a pasta dela à biblioteca</translation>
    </message>
    <message>
        <source>The image is not in the library: add the folder it is in</source>
        <translation>A imagem não está na biblioteca: adicione a pasta onde ela está</translation>
    </message>
    <message>
        <source>How many similar photos to show</source>
        <translation>Quantas fotos semelhantes mostrar</translation>
    </message>
    <message>
        <source>Hide photos less similar than this (it stops at each band: similar, very similar, near-duplicate)</source>
        <translation>Ocultar fotos menos semelhantes que isto (para em cada faixa: semelhante, muito semelhante, quase duplicata)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>At least</source>
        <translation>No mínimo</translation>
    </message>
    <message>
        <source>Similar photos</source>
        <translation>Fotos semelhantes</translation>
    </message>
    <message>
        <source>%1 photos</source>
        <translation>%1 fotos</translation>
    </message>
    <message>
        <source>%1 photo</source>
        <translation>%1 foto</translation>
    </message>
    <message>
        <source>any similarity</source>
        <translation>qualquer semelhança</translation>
    </message>
    <message>
        <source>Looking for similar photos…</source>
        <translation>Procurando fotos semelhantes…</translation>
    </message>
    <message>
        <source>photorec could not look at this image.</source>
        <translation>O photorec não conseguiu analisar esta imagem.</translation>
    </message>
    <message>
        <source>Nothing is indexed yet.</source>
        <translation>Nada foi indexado ainda.</translation>
    </message>
    <message>
        <source>No photos to compare with yet. Add a folder and let it index.</source>
        <translation>Ainda não há fotos para comparar. Adicione uma pasta e deixe-a ser indexada.</translation>
    </message>
    <message>
        <source>No photo is at least %1% similar.</source>
        <translation>Nenhuma foto tem pelo menos %1% de semelhança.</translation>
    </message>
    <message>
        <source>The closest is %1% alike: %2.</source>
        <translation>A mais próxima tem %1% de semelhança: %2.</translation>
    </message>
    <message>
        <source>Nothing in the library is similar to this photo. Lower “At least” to see loosely alike photos too.</source>
        <translation>Nada na biblioteca é semelhante a esta foto. Baixe “No mínimo” para ver também as pouco parecidas.</translation>
    </message>
    <message>
        <source>Nothing this similar. Lower “At least” to see more.</source>
        <translation>Nada tão semelhante. Baixe “No mínimo” para ver mais.</translation>
    </message>
    <message>
        <source>No similar photos.</source>
        <translation>Nenhuma foto semelhante.</translation>
    </message>
    <message>
        <source> · 1 more is only loosely alike (lower “At least” to see it)</source>
        <translation> · mais 1 é só pouco parecida (baixe “No mínimo” para vê-la)</translation>
    </message>
    <message>
        <source> · %1 more are only loosely alike (lower “At least” to see them)</source>
        <translation> · mais %1 são só pouco parecidas (baixe “No mínimo” para vê-las)</translation>
    </message>
    <message>
        <source> · 1 more under “At least”</source>
        <translation> · mais 1 abaixo de “No mínimo”</translation>
    </message>
    <message>
        <source> · %1 more under “At least”</source>
        <translation> · mais %1 abaixo de “No mínimo”</translation>
    </message>
    <message>
        <source>More like these %1 photos</source>
        <translation>Mais como estas %1 fotos</translation>
    </message>
    <message>
        <source> and %1 more</source>
        <translation> e mais %1</translation>
    </message>
    <message>
        <source>1 photo: </source>
        <translation>1 foto: </translation>
    </message>
    <message>
        <source>{hi} ({hp}%) down to {lo} ({lp}%)</source>
        <translation>{hi} ({hp}%) até {lo} ({lp}%)</translation>
    </message>
    <message>
        <source>%1 photos, best first: </source>
        <translation>%1 fotos, as melhores primeiro: </translation>
    </message>
    <message>
        <source> · still indexing, compared with the %1 photo indexed so far</source>
        <translation> · ainda indexando, comparada com a %1 foto indexada até agora</translation>
    </message>
    <message>
        <source> · still indexing, compared with the %1 photos indexed so far</source>
        <translation> · ainda indexando, comparada com as %1 fotos indexadas até agora</translation>
    </message>
    <message>
        <source>Similar to {name}</source>
        <translation>Semelhantes a {name}</translation>
    </message>
    <message>
        <source>An image from the clipboard (not added to the library)</source>
        <translation>Uma imagem da área de transferência (não adicionada à biblioteca)</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>indisponível</translation>
    </message>
    <message>
        <source>%1  ·  not in the library</source>
        <translation>%1  ·  fora da biblioteca</translation>
    </message>
</context>
<context>
    <name>TagsView</name>
    <message>
        <source>Write to sidecars…</source>
        <translation>Gravar nos arquivos XMP…</translation>
    </message>
    <message>
        <source>Write the keywords and tags of the selected photos (or of every photo whose tags differ from its file) into their XMP sidecars</source>
        <translation>Gravar as palavras-chave e as tags das fotos selecionadas (ou de cada foto cujas tags diferem do seu arquivo) nos seus arquivos XMP</translation>
    </message>
    <message>
        <source>Trained on {n} photos ({ind} independent: near-duplicates and similar shots count once) and {tags}: too few independent examples to measure how often it is right, so no percentage is shown. Tag more photos that are not copies of each other.</source>
        <translation>Treinado com {n} fotos ({ind} independentes: quase duplicatas e fotos parecidas contam uma vez) e {tags}: poucos exemplos independentes para medir quantas vezes ele acerta, por isso nenhuma porcentagem é mostrada. Marque mais fotos que não sejam cópias umas das outras.</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Etiquetas</translation>
    </message>
    <message>
        <source>Double-click a tag to see its photos</source>
        <translation>Clique duas vezes numa etiqueta para ver as fotos dela</translation>
    </message>
    <message>
        <source>Folders as tags</source>
        <translation>Pastas como etiquetas</translation>
    </message>
    <message>
        <source>List each folder as a tag folder:NAME</source>
        <translation>Listar cada pasta como uma etiqueta folder:NOME</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importar…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Read tags from a JSON or CSV file</source>
        <translation>Ler etiquetas de um arquivo JSON ou CSV</translation>
    </message>
    <message>
        <source>Write every tag to a JSON or CSV file</source>
        <translation>Gravar todas as etiquetas num arquivo JSON ou CSV</translation>
    </message>
    <message>
        <source>Selected photos</source>
        <translation>Fotos selecionadas</translation>
    </message>
    <message>
        <source>Select photos in the grid to tag them.</source>
        <translation>Selecione fotos na grade para etiquetá-las.</translation>
    </message>
    <message>
        <source>New tag, e.g. beach</source>
        <translation>Etiqueta, ex. praia</translation>
    </message>
    <message>
        <source>Add tag</source>
        <translation>Adicionar etiqueta</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>Remover etiqueta</translation>
    </message>
    <message>
        <source>Remove the tag chosen in the list from the selected photos</source>
        <translation>Remover a etiqueta escolhida na lista das fotos selecionadas</translation>
    </message>
    <message>
        <source>More like these</source>
        <translation>Mais como estas</translation>
    </message>
    <message>
        <source>More like the selection</source>
        <translation>Mais como a seleção</translation>
    </message>
    <message>
        <source>Not like this</source>
        <translation>Não como esta</translation>
    </message>
    <message>
        <source>Remember the selected photos as examples of what you do not want</source>
        <translation>Guardar as fotos selecionadas como exemplos do que você não quer</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Limpar</translation>
    </message>
    <message>
        <source>Suggested tags</source>
        <translation>Etiquetas sugeridas</translation>
    </message>
    <message>
        <source>Suggest tags</source>
        <translation>Sugerir etiquetas</translation>
    </message>
    <message>
        <source>Learn from your tagged photos and suggest tags for the untagged ones (a few seconds)</source>
        <translation>Aprender com as suas fotos etiquetadas e sugerir etiquetas para as que não têm (alguns segundos)</translation>
    </message>
    <message>
        <source>Learn folders too</source>
        <translation>Aprender pastas também</translation>
    </message>
    <message>
        <source>Also suggest folder:NAME, the folder a photo looks like it belongs in</source>
        <translation>Sugerir também folder:NOME, a pasta à qual a foto parece pertencer</translation>
    </message>
    <message>
        <source>Tag a few photos per tag (at least %1 in all), then ask for suggestions.</source>
        <translation>Etiquete algumas fotos por etiqueta (pelo menos %1 no total) e depois peça sugestões.</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Suggested tag</source>
        <translation>Etiqueta sugerida</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>Confiança</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Aceitar</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeitar</translation>
    </message>
    <message>
        <source>Wrong tag for this photo: never suggested again</source>
        <translation>Etiqueta errada para esta foto: nunca mais sugerida</translation>
    </message>
    <message>
        <source>Accept all ≥ 90%</source>
        <translation>Aceitar todas ≥ 90%</translation>
    </message>
    <message>
        <source>{n} of these photos carries it in its file (IPTC/XMP keywords)</source>
        <translation>{n} destas fotos a traz no próprio arquivo (palavras-chave IPTC/XMP)</translation>
    </message>
    <message>
        <source>{n} of these photos carry it in their file (IPTC/XMP keywords)</source>
        <translation>{n} destas fotos a trazem no próprio arquivo (palavras-chave IPTC/XMP)</translation>
    </message>
    <message>
        <source>No tags yet</source>
        <translation>Ainda não há etiquetas</translation>
    </message>
    <message>
        <source>Tagged “%1”</source>
        <translation>Etiquetadas “%1”</translation>
    </message>
    <message>
        <source>%1 photo selected.</source>
        <translation>%1 foto selecionada.</translation>
    </message>
    <message>
        <source>%1 photos selected.</source>
        <translation>%1 fotos selecionadas.</translation>
    </message>
    <message>
        <source>%1 photo marked “not like this”.</source>
        <translation>%1 foto marcada como “não como esta”.</translation>
    </message>
    <message>
        <source>%1 photos marked “not like this”.</source>
        <translation>%1 fotos marcadas como “não como esta”.</translation>
    </message>
    <message>
        <source>Find photos like the selected ones. Mark some “not like this” to steer away.</source>
        <translation>Encontre fotos parecidas com as selecionadas. Marque algumas como “não como esta” para se afastar delas.</translation>
    </message>
    <message>
        <source>Tagged 1 photo “%2”.</source>
        <translation>1 foto etiquetada como “%2”.</translation>
    </message>
    <message>
        <source>Tagged %1 photos “%2”.</source>
        <translation>%1 fotos etiquetadas como “%2”.</translation>
    </message>
    <message>
        <source>Removed “%1” from 1 photo.</source>
        <translation>“%1” removida de 1 foto.</translation>
    </message>
    <message>
        <source>Removed “%1” from %2 photos.</source>
        <translation>“%1” removida de %2 fotos.</translation>
    </message>
    <message>
        <source>Wrote %1 tags to %2.</source>
        <translation>%1 etiquetas gravadas em %2.</translation>
    </message>
    <message>
        <source>Wrote %1 tag to %2.</source>
        <translation>%1 etiqueta gravada em %2.</translation>
    </message>
    <message>
        <source>%1 tag</source>
        <translation>%1 etiqueta</translation>
    </message>
    <message>
        <source>%1 tags</source>
        <translation>%1 etiquetas</translation>
    </message>
    <message>
        <source>%1 rejection</source>
        <translation>%1 rejeição</translation>
    </message>
    <message>
        <source>%1 rejections</source>
        <translation>%1 rejeições</translation>
    </message>
    <message>
        <source>Imported %1 and %2 from %3.</source>
        <translation>%1 e %2 importadas de %3.</translation>
    </message>
    <message>
        <source> %1 is for a photo not in the library now (kept).</source>
        <translation> %1 é de uma foto que não está na biblioteca agora (guardada).</translation>
    </message>
    <message>
        <source> %1 are for photos not in the library now (kept).</source>
        <translation> %1 são de fotos que não estão na biblioteca agora (guardadas).</translation>
    </message>
    <message>
        <source> %1 entries skipped.</source>
        <translation> %1 entradas ignoradas.</translation>
    </message>
    <message>
        <source> %1 entry skipped.</source>
        <translation> %1 entrada ignorada.</translation>
    </message>
    <message>
        <source>Export tags</source>
        <translation>Exportar etiquetas</translation>
    </message>
    <message>
        <source>Import tags</source>
        <translation>Importar etiquetas</translation>
    </message>
    <message>
        <source>Tag files (*.json *.csv);;All files (*)</source>
        <translation>Arquivos de etiquetas (*.json *.csv);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Learning from your tags…</source>
        <translation>Aprendendo com as suas etiquetas…</translation>
    </message>
    <message>
        <source>Held-out accuracy {acc} (always guessing the most common tag: {base}), from {n} tagged photos and {tags}. Confidences are measured on photos the classifier did not learn from.</source>
        <translation>Acerto em fotos separadas {acc} (chutando sempre a etiqueta mais comum: {base}), a partir de {n} fotos etiquetadas e {tags}. As confianças são medidas em fotos com que o classificador não aprendeu.</translation>
    </message>
    <message>
        <source>Not suggested yet (no better than guessing; tag more photos): {tags}.</source>
        <translation>Ainda não sugeridas (não melhores que um chute; etiquete mais fotos): {tags}.</translation>
    </message>
    <message>
        <source> (offline)</source>
        <translation> (indisponível)</translation>
    </message>
    <message>
        <source>No suggestions: every photo is tagged, or none is close enough to a tag</source>
        <translation>Nenhuma sugestão: todas as fotos têm etiqueta, ou nenhuma está perto o bastante de uma etiqueta</translation>
    </message>
    <message>
        <source>Accepted %1 suggestions.</source>
        <translation>%1 sugestões aceitas.</translation>
    </message>
    <message>
        <source>Accepted %1 suggestion.</source>
        <translation>%1 sugestão aceita.</translation>
    </message>
    <message>
        <source>Rejected %1 suggestions.</source>
        <translation>%1 sugestões rejeitadas.</translation>
    </message>
    <message>
        <source>Rejected %1 suggestion.</source>
        <translation>%1 sugestão rejeitada.</translation>
    </message>
    <message>
        <source>More like 1 photo</source>
        <translation>Mais como 1 foto</translation>
    </message>
    <message>
        <source>More like %1 photos</source>
        <translation>Mais como %1 fotos</translation>
    </message>
    <message>
        <source>, unlike %1</source>
        <translation>, diferentes de %1</translation>
    </message>
</context>
<context>
    <name>ThemesView</name>
    <message>
        <source>Theme %1</source>
        <translation>Tema %1</translation>
    </message>
    <message>
        <source>mostly %1</source>
        <translation>principalmente %1</translation>
    </message>
    <message>
        <source>Themes</source>
        <translation>Temas</translation>
    </message>
    <message>
        <source>Number of themes</source>
        <translation>Número de temas</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>Auto picks a number that suits the library&apos;s size and shape</source>
        <translation>Automático escolhe um número adequado ao tamanho e à forma da biblioteca</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>Recalcular</translation>
    </message>
    <message>
        <source>Cluster the whole library again</source>
        <translation>Agrupar a biblioteca inteira de novo</translation>
    </message>
    <message>
        <source>No library yet.</source>
        <translation>Ainda não há biblioteca.</translation>
    </message>
    <message>
        <source>Loading themes…</source>
        <translation>Carregando os temas…</translation>
    </message>
    <message>
        <source>Grouping the library into themes…</source>
        <translation>Agrupando a biblioteca em temas…</translation>
    </message>
    <message>
        <source>No photos yet: add a folder, and themes appear here.</source>
        <translation>Ainda não há fotos: adicione uma pasta, e os temas aparecem aqui.</translation>
    </message>
    <message>
        <source>picked automatically</source>
        <translation>escolhido automaticamente</translation>
    </message>
    <message>
        <source>your choice</source>
        <translation>escolha sua</translation>
    </message>
    <message>
        <source> · %1 new photo placed in its nearest theme</source>
        <translation> · %1 foto nova colocada no tema mais próximo</translation>
    </message>
    <message>
        <source> · %1 new photos placed in their nearest theme</source>
        <translation> · %1 fotos novas colocadas no tema mais próximo</translation>
    </message>
    <message>
        <source> · the library has grown: Recompute for a fresh look</source>
        <translation> · a biblioteca cresceu: Recalcular dá uma visão nova</translation>
    </message>
    <message>
        <source>. Double-click a theme to see its photos.</source>
        <translation>. Clique duas vezes num tema para ver as fotos dele.</translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation>1 foto</translation>
    </message>
    <message>
        <source>%1 theme</source>
        <translation>%1 tema</translation>
    </message>
    <message>
        <source>%1 themes</source>
        <translation>%1 temas</translation>
    </message>
    <message>
        <source>{n} photos</source>
        <translation>{n} fotos</translation>
    </message>
    <message>
        <source>%1 (%2) of %3 · computed in %4 s</source>
        <translation>%1 (%2) de %3 · cálculo em %4 s</translation>
    </message>
    <message>
        <source>{label}: {n} photos.</source>
        <translation>{label}: {n} fotos.</translation>
    </message>
    <message>
        <source>{label}: {n} photo.</source>
        <translation>{label}: {n} foto.</translation>
    </message>
    <message>
        <source>Most common tags: {tags}</source>
        <translation>Etiquetas mais comuns: {tags}</translation>
    </message>
    <message>
        <source>What the model sees: {words}</source>
        <translation>O que o modelo vê: {words}</translation>
    </message>
    <message>
        <source>Taken: {dates}</source>
        <translation>Tiradas em: {dates}</translation>
    </message>
    <message>
        <source>Most typical:</source>
        <translation>Mais típicas:</translation>
    </message>
    <message>
        <source>Could not make themes: %1</source>
        <translation>Não foi possível criar os temas: %1</translation>
    </message>
    <message>
        <source>Theme: %1</source>
        <translation>Tema: %1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Find similar photos in your library</source>
        <translation>Encontre fotos semelhantes na sua biblioteca</translation>
    </message>
    <message>
        <source>Add a folder of photos. photorec looks at each photo once, on this computer: nothing is uploaded, and your files are never changed.</source>
        <translation>Adicione uma pasta de fotos. O photorec olha cada foto uma vez, neste computador: nada é enviado, e os seus arquivos nunca são alterados.</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Adicionar pasta…</translation>
    </message>
    <message>
        <source>or drop a folder on this window</source>
        <translation>ou solte uma pasta nesta janela</translation>
    </message>
    <message>
        <source>Find photos like an image…</source>
        <translation>Encontrar fotos parecidas com uma imagem…</translation>
    </message>
</context>
<context>
    <name>months</name>
    <message>
        <source>January</source>
        <translation>janeiro</translation>
    </message>
    <message>
        <source>February</source>
        <translation>fevereiro</translation>
    </message>
    <message>
        <source>March</source>
        <translation>março</translation>
    </message>
    <message>
        <source>April</source>
        <translation>abril</translation>
    </message>
    <message>
        <source>May</source>
        <translation>maio</translation>
    </message>
    <message>
        <source>June</source>
        <translation>junho</translation>
    </message>
    <message>
        <source>July</source>
        <translation>julho</translation>
    </message>
    <message>
        <source>August</source>
        <translation>agosto</translation>
    </message>
    <message>
        <source>September</source>
        <translation>setembro</translation>
    </message>
    <message>
        <source>October</source>
        <translation>outubro</translation>
    </message>
    <message>
        <source>November</source>
        <translation>novembro</translation>
    </message>
    <message>
        <source>December</source>
        <translation>dezembro</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>jan</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>fev</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>mar</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>abr</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>jun</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>jul</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>ago</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>set</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>out</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>nov</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>dez</translation>
    </message>
</context>
<context>
    <name>photo</name>
    <message>
        <source>Taken %1</source>
        <translation>Tirada em %1</translation>
    </message>
    <message>
        <source>Modified %1</source>
        <translation>Modificada em %1</translation>
    </message>
    <message>
        <source>Offline: its drive or folder is not reachable</source>
        <translation>Indisponível: a unidade ou a pasta dela está inacessível</translation>
    </message>
</context>
<context>
    <name>problems</name>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
</context>
<context>
    <name>similarity</name>
    <message>
        <source>Identical file</source>
        <translation>Arquivo idêntico</translation>
    </message>
    <message>
        <source>Same photo</source>
        <translation>Mesma foto</translation>
    </message>
    <message>
        <source>Near-duplicate</source>
        <translation>Quase duplicata</translation>
    </message>
    <message>
        <source>Very similar</source>
        <translation>Muito semelhante</translation>
    </message>
    <message>
        <source>Similar</source>
        <translation>Semelhante</translation>
    </message>
    <message>
        <source>Loosely alike</source>
        <translation>Pouco parecida</translation>
    </message>
</context>
<context>
    <name>sort</name>
    <message>
        <source>Date taken</source>
        <translation>Data da foto</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
</context>
</TS>
